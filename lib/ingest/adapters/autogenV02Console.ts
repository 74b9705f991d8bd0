/**
 * AutoGen 0.2 console text, as printed by `ConversableAgent._print_received_message`:
 *
 *     chatbot (to user_proxy):
 *     <blank>
 *     ***** Suggested tool call (call_1): currency_calculator *****
 *     Arguments:
 *     {"base_amount": 123.45}
 *     *************************************************************
 *     <blank>
 *     --------------------------------------------------------------------------------   (80 dashes)
 *
 * Between messages the runtime prints markers (`>>>>>>>> EXECUTING CODE BLOCK 0 ...`,
 * `Next speaker: Coder`, human-input prompts); they are not messages and are kept as
 * `metadata.console_notes` of the message that follows. A header is only recognised at a message
 * boundary, so message text that happens to look like `a (to b):` stays text.
 */
import type { CanonicalTranscript } from "../canonical";
import { TranscriptBuilder, renderToolCall } from "./builder";
import { IngestError } from "./errors";

const HEADER = /^(\S.{0,255}?) \(to (.{1,256}?)\):\s*$/;
const SEPARATOR = /^-{80}\s*$/;
const STARS = /^\*{5,}\s*$/;
const SUGGESTED_TOOL = /^\*{5} Suggested tool call \((.+?)\): (.+?) \*{5,}\s*$/i;
const SUGGESTED_FUNCTION = /^\*{5} Suggested function call: (.+?) \*{5,}\s*$/i;
const RESPONSE = /^\*{5} Response from calling (tool|function) (?:\((.+?)\)|"(.+?)") \*{5,}\s*$/i;
/** Runtime markers worth keeping next to the message they precede. */
const NOTE = /^(>>>>>>>>|Next speaker:|Provide feedback to|\[autogen)/;
const MAX_NOTES = 20;

export function looksLikeV02Console(text: string): boolean {
  const lines = text.split(/\r?\n/, 5_000);
  let header = false;
  for (const line of lines) {
    if (HEADER.test(line)) header = true;
    else if (header && SEPARATOR.test(line)) return true;
  }
  return false;
}

interface RawMessage {
  sender: string;
  recipient: string;
  body: string[];
  line: number;
  notes: string[];
  skipped: number;
}

export function parseAutogenV02Console(transcript: unknown): CanonicalTranscript {
  if (typeof transcript !== "string") throw new IngestError("expected the console text as a string", "transcript");
  const raw = splitMessages(transcript.split(/\r?\n/));
  if (raw.length === 0) {
    throw new IngestError("no `sender (to recipient):` blocks found in the console text", "transcript");
  }
  const builder = new TranscriptBuilder("autogen_v02_console");
  const functionCallers = new Map<string, string>();
  for (const m of raw) addConsoleMessage(builder, m, functionCallers);
  return builder.build();
}

function splitMessages(lines: string[]): RawMessage[] {
  const out: RawMessage[] = [];
  let notes: string[] = [];
  let skipped = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const header = HEADER.exec(line);
    if (!header) {
      // Between messages: runtime markers, program output, blank lines.
      if (line.trim() !== "") {
        if (NOTE.test(line) && notes.length < MAX_NOTES) notes.push(line.slice(0, 500));
        else skipped++;
      }
      i++;
      continue;
    }
    const start = i;
    i++;
    // 0.2 prints "sender (to recipient):" then a blank line; a tool-response message prints its
    // header once more per response, so a repeat of the same header belongs to the same message.
    for (let j = i; j < lines.length; j++) {
      const l = lines[j] ?? "";
      if (l.trim() === "") continue;
      if (l === line) i = j + 1;
      else break;
    }
    const body: string[] = [];
    while (i < lines.length && !SEPARATOR.test(lines[i] ?? "")) body.push(lines[i++] ?? "");
    i++; // the separator
    if (body[0]?.trim() === "") body.shift();
    if (body.length > 0 && body[body.length - 1]?.trim() === "") body.pop();
    out.push({ sender: (header[1] ?? "").trim(), recipient: (header[2] ?? "").trim(), body, line: start + 1, notes, skipped });
    notes = [];
    skipped = 0;
  }
  return out;
}

function addConsoleMessage(builder: TranscriptBuilder, m: RawMessage, functionCallers: Map<string, string>): void {
  const field = `transcript (line ${m.line})`;
  const metadata: Record<string, unknown> = { console_line: m.line };
  if (m.notes.length > 0) metadata.console_notes = m.notes;
  if (m.skipped > 0) metadata.console_lines_skipped = m.skipped;
  const base = { sender: m.sender, metadata, field };

  const text: string[] = [];
  const calls: { id?: string; name: string; args: string }[] = [];
  const results: { ref: string; isFunction: boolean; content: string }[] = [];
  let i = 0;
  const blockUntilStars = (): string[] => {
    const block: string[] = [];
    while (i < m.body.length && !STARS.test(m.body[i] ?? "")) block.push(m.body[i++] ?? "");
    i++; // closing stars
    return block;
  };
  while (i < m.body.length) {
    const line = m.body[i] ?? "";
    const tool = SUGGESTED_TOOL.exec(line);
    const fn = tool ? null : SUGGESTED_FUNCTION.exec(line);
    const response = tool || fn ? null : RESPONSE.exec(line);
    i++;
    if (tool || fn) {
      const block = blockUntilStars();
      if (/^Arguments:\s*$/.test(block[0] ?? "")) block.shift();
      calls.push({ id: tool ? tool[1] : undefined, name: ((tool ? tool[2] : fn?.[1]) ?? "").trim(), args: block.join("\n") });
    } else if (response) {
      results.push({
        ref: (response[2] ?? response[3] ?? "").trim(),
        isFunction: (response[1] ?? "").toLowerCase() === "function",
        content: blockUntilStars().join("\n"),
      });
    } else {
      text.push(line);
    }
  }

  const content = text.join("\n");
  const onlyBlocks = calls.length > 0 || results.length > 0;
  if (!onlyBlocks || content.trim() !== "") {
    builder.add({ ...base, kind: "text", recipients: [m.recipient], content });
  }
  for (const c of calls) {
    builder.add({
      ...base,
      kind: "tool_call",
      recipients: [m.recipient],
      content: renderToolCall(c.name, c.args),
      toolName: c.name,
      toolArguments: c.args,
      toolCallId: c.id,
    });
    if (c.id === undefined) functionCallers.set(c.name, m.sender);
  }
  for (const r of results) {
    // The quoted reference is a call id for tools and, in most versions, the function name.
    const call = builder.toolCall(r.ref);
    const caller = call?.sender ?? (r.isFunction ? functionCallers.get(r.ref) : undefined);
    builder.add({
      ...base,
      kind: "tool_result",
      recipients: [caller ?? m.recipient],
      content: r.content,
      toolName: call?.name ?? (r.isFunction && call === undefined ? r.ref : undefined),
      toolCallId: call !== undefined || !r.isFunction ? r.ref : undefined,
    });
  }
}
