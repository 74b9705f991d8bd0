/**
 * AutoGen 0.4+ console text printed by `Console(team.run_stream(...))`:
 *
 *     ---------- user ----------                       (0.4.0 – 0.4.x)
 *     ---------- ToolCallRequestEvent (assistant) ---------- (later releases add the type)
 *     [FunctionCall(id='call_1', arguments='{"query":"AutoGen"}', name='web_search')]
 *     [Prompt tokens: 61, Completion tokens: 16]
 *     ---------- Summary ----------                     (output_stats=True; not a message)
 *
 * Without a type in the header the kind is read from the body: Python reprs of FunctionCall /
 * FunctionExecutionResult / MemoryContent lists are tool calls / results / memory queries. A
 * Swarm handoff prints only its text; it is recognised when the text is exactly the result of the
 * `transfer_to_<target>` tool call just before it ("Transferred to <target>, ...").
 */
import type { CanonicalTranscript, MessageKind } from "../canonical";
import { TranscriptBuilder, renderToolCall } from "./builder";
import { IngestError } from "./errors";
import { parsePythonRepr, type PyValue } from "./pythonRepr";

const HEADER = /^-{10} (.{1,300}?) -{10}\s*$/;
const TYPED_SOURCE = /^([A-Z][A-Za-z]*(?:Message|Event)) \((.+)\)$/;
const USAGE = /^\[Prompt tokens: (\d+), Completion tokens: (\d+)\]\s*$/;
const ENUM_REPR = /<\w+\.\w+: ('[^'\n]*')>/g;
const HANDOFF_TEXT = /^Transferred to (\S+?), adopting the role of \1 immediately\.?$/;
const HANDOFF_TOOL = "transfer_to_";
const MAX_NOTES = 20;

export function looksLikeV04Console(text: string): boolean {
  return text.split(/\r?\n/, 5_000).some((l) => HEADER.test(l));
}

interface Block {
  source: string;
  type: string | null;
  body: string[];
  line: number;
}

export function parseAutogenV04Console(transcript: unknown): CanonicalTranscript {
  if (typeof transcript !== "string") throw new IngestError("expected the console text as a string", "transcript");
  const lines = transcript.split(/\r?\n/);
  const blocks: Block[] = [];
  let preamble = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const header = HEADER.exec(line);
    if (header) {
      const label = (header[1] ?? "").trim();
      const typed = TYPED_SOURCE.exec(label);
      blocks.push({ source: typed ? (typed[2] ?? "") : label, type: typed ? (typed[1] ?? null) : null, body: [], line: i + 1 });
    } else if (blocks.length > 0) {
      blocks[blocks.length - 1]?.body.push(line);
    } else if (line.trim() !== "") {
      preamble++;
    }
  }
  if (blocks.length === 0) throw new IngestError("no `---------- <agent> ----------` headers found in the console text", "transcript");

  const builder = new TranscriptBuilder("autogen_v04_console");
  let lastResult: { sender: string; content: string; toolName?: string } | null = null;
  for (const [index, block] of blocks.entries()) {
    // Console prints content then a newline; trailing blank lines are layout, not content.
    while (block.body.length > 0 && (block.body[block.body.length - 1] ?? "").trim() === "") block.body.pop();
    if (block.type === null && block.source === "Summary" && /^Number of messages:/.test(block.body[0] ?? "")) continue;

    const metadata: Record<string, unknown> = { console_line: block.line };
    if (block.type) metadata.type = block.type;
    if (index === 0 && preamble > 0) metadata.console_lines_skipped = preamble;
    const field = `transcript (line ${block.line})`;
    const sender = block.source;
    if (sender === "") throw new IngestError(`${field}: header names no agent`, "transcript");

    // A printed event list is one line (reprs escape newlines). Lines after it are the usage line
    // and whatever the tool printed to stdout while running: kept as notes, not content.
    const first = block.body[0] ?? "";
    const parsed = /^\[[A-Z]\w*\(/.test(first) ? parseReprList(first) : null;
    const rest = parsed ? block.body.slice(1) : block.body;
    const usageAt = parsed ? rest.findIndex((l) => USAGE.test(l)) : rest.length - 1;
    const usage = usageAt >= 0 ? USAGE.exec(rest[usageAt] ?? "") : null;
    if (usage) {
      rest.splice(usageAt, 1);
      metadata.models_usage = { prompt_tokens: Number(usage[1]), completion_tokens: Number(usage[2]) };
    }
    if (parsed && rest.some((l) => l.trim() !== "")) metadata.console_notes = rest.slice(0, MAX_NOTES).map((l) => l.slice(0, 500));
    const text = rest.join("\n");
    const base = { field, sender, metadata };
    const cls = parsed?.[0]?.__class__;

    if (parsed && (cls === "FunctionCall" || block.type === "ToolCallRequestEvent")) {
      for (const c of parsed) {
        const name = str(c.name) || "tool";
        const args = str(c.arguments);
        builder.add({ ...base, kind: "tool_call", recipients: [sender], content: renderToolCall(name, args), toolName: name, toolArguments: args, toolCallId: str(c.id) || undefined });
      }
      lastResult = null;
      continue;
    }
    if (parsed && (cls === "FunctionExecutionResult" || block.type === "ToolCallExecutionEvent")) {
      for (const r of parsed) {
        const toolCallId = str(r.call_id) || undefined;
        const call = builder.toolCall(toolCallId);
        const content = str(r.content);
        const toolName = str(r.name) || call?.name;
        builder.add({
          ...base,
          metadata: r.is_error === true ? { ...metadata, is_error: true } : metadata,
          kind: "tool_result",
          recipients: [call?.sender ?? sender],
          content,
          toolName,
          toolCallId,
        });
        lastResult = { sender, content, toolName };
      }
      continue;
    }

    let kind: MessageKind = "text";
    let recipients: string[] | undefined;
    // An unrecognised repr stays verbatim (minus the usage line).
    let content = parsed ? [first, ...rest].join("\n") : text;
    if (parsed && (cls === "MemoryContent" || block.type === "MemoryQueryEvent")) {
      kind = "system";
      recipients = [sender];
      content = parsed.map((m) => str(m.content)).join("\n");
    } else if (block.type === "ThoughtEvent") {
      kind = "thought";
      recipients = [sender];
    } else if (block.type === "StopMessage") {
      kind = "stop";
    } else if (block.type !== null && block.type.endsWith("Event")) {
      kind = "system";
      recipients = [sender];
    } else {
      // Handoff tools are named transfer_to_<target> and the HandoffMessage repeats their result.
      const viaTool =
        lastResult !== null && lastResult.sender === sender && lastResult.content === content && lastResult.toolName?.startsWith(HANDOFF_TOOL)
          ? lastResult.toolName.slice(HANDOFF_TOOL.length)
          : undefined;
      if (block.type === "HandoffMessage" || viaTool) {
        kind = "handoff";
        const target = viaTool || HANDOFF_TEXT.exec(content)?.[1];
        recipients = target ? [target] : undefined;
      }
    }
    builder.add({ ...base, kind, recipients, content });
    lastResult = null;
  }
  return builder.build();
}

type ReprObject = { [key: string]: PyValue };

/** A printed list of objects, e.g. `[FunctionCall(...), ...]`, with enum reprs replaced by values. */
function parseReprList(text: string): ReprObject[] | null {
  const value = parsePythonRepr(text.replace(ENUM_REPR, "$1"));
  if (!Array.isArray(value) || value.length === 0) return null;
  const items: ReprObject[] = [];
  for (const v of value) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
    items.push(v);
  }
  return items;
}

function str(v: PyValue | undefined): string {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
