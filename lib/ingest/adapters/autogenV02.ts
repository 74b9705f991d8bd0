/**
 * AutoGen 0.2 / AG2 message dicts: `GroupChat.messages`, `ChatResult.chat_history` (bare or inside
 * the ChatResult object) and the Who&When envelope `{ history: [...] }`.
 *
 * A 0.2 message is `{content, role, name?, tool_calls?, tool_responses?, function_call?, tool_call_id?}`.
 * Who spoke is `name` when present. Without it, `role` is relative to the agent that holds the list
 * (its own messages are "assistant", the peer's are "user"), and it is *forced* on tool traffic
 * (a message carrying tool_calls is always "assistant", a result always "tool"/"function"). So:
 *  - a plain nameless message is attributed by its role label ("assistant" / "user");
 *  - a nameless forced-role message is attributed by alternation (0.2 two-agent chats strictly
 *    alternate), i.e. to the other party from the previous speaker; only earlier messages are
 *    consulted, so a longer version of a transcript never changes earlier attributions.
 * Magentic-One logs (Who&When hand-crafted) put the agent in `role`: "Orchestrator (-> WebSurfer)"
 * (explicit recipient), "Orchestrator (thought)", "Orchestrator (termination condition)".
 */
import type { CanonicalTranscript, MessageKind } from "../canonical";
import { TranscriptBuilder, renderToolCall, type DraftMessage } from "./builder";
import { IngestError } from "./errors";
import { get, has, isRecord, readContent, readName, stringifyJson, type JsonRecord } from "./values";

/** How nameless messages are attributed and addressed within one list. */
export interface V02Perspective {
  /** Label for the agent holding the list (its own messages have role "assistant"). */
  holder: string;
  /** Label for the other party (role "user"). */
  peer: string;
  /** replyTo scope. */
  thread: string;
  /** chat_messages: every message is between holder and peer, so recipients are explicit. */
  explicitPair: boolean;
}

const LIST_PERSPECTIVE: V02Perspective = { holder: "assistant", peer: "user", thread: "", explicitPair: false };

const STANDARD_ROLES = new Set(["user", "assistant", "system", "tool", "function", "developer"]);
const MAGENTIC_ROLE = /^(.+?) \((.+)\)$/;

/** A 0.2 message dict: role or name, and none of the keys the other JSON formats are built on. */
export function isV02Message(value: unknown): boolean {
  return (
    isRecord(value) &&
    (typeof get(value, "role") === "string" || typeof get(value, "name") === "string") &&
    !has(value, "sender") &&
    !has(value, "source") &&
    !has(value, "type")
  );
}

/** Finds the message list in the shapes users send; returns it with the field path used in errors. */
function locateList(transcript: unknown): { list: unknown[]; field: string } {
  if (Array.isArray(transcript)) return { list: transcript, field: "transcript" };
  if (isRecord(transcript)) {
    for (const key of ["history", "chat_history", "messages"]) {
      const v = get(transcript, key);
      if (Array.isArray(v)) return { list: v, field: `transcript.${key}` };
    }
    throw new IngestError(
      "expected a list of AutoGen 0.2 messages, or an object with `chat_history`, `history` or `messages`",
      "transcript",
    );
  }
  throw new IngestError("expected a list of AutoGen 0.2 messages", "transcript");
}

export function parseAutogenV02(transcript: unknown): CanonicalTranscript {
  const { list, field } = locateList(transcript);
  const builder = new TranscriptBuilder("autogen_v02");
  const functionCallers = new Map<string, string>();
  list.forEach((m, i) => addV02Message(builder, m, `${field}[${i}]`, LIST_PERSPECTIVE, functionCallers));
  return builder.build();
}

/**
 * Appends the canonical messages for one 0.2 message dict: optional text, then one tool_call per
 * call, or one tool_result per response.
 */
export function addV02Message(
  builder: TranscriptBuilder,
  raw: unknown,
  field: string,
  p: V02Perspective,
  functionCallers: Map<string, string>,
): void {
  if (!isRecord(raw)) throw new IngestError(`${field} must be an object`, field);
  const roleRaw = get(raw, "role");
  const nameRaw = get(raw, "name");
  if (roleRaw !== undefined && typeof roleRaw !== "string") throw new IngestError(`${field}.role must be a string`, `${field}.role`);
  if (nameRaw !== undefined && nameRaw !== null && typeof nameRaw !== "string") {
    throw new IngestError(`${field}.name must be a string`, `${field}.name`);
  }
  if (roleRaw === undefined && (nameRaw === undefined || nameRaw === null)) {
    throw new IngestError(`${field} needs a \`name\` or a \`role\``, `${field}.role`);
  }
  const role = roleRaw?.trim() ?? "";
  const toolCalls = get(raw, "tool_calls");
  const functionCall = get(raw, "function_call");
  const toolResponses = get(raw, "tool_responses");
  const hasCalls = (Array.isArray(toolCalls) && toolCalls.length > 0) || isRecord(functionCall);
  if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) {
    throw new IngestError(`${field}.tool_calls must be a list`, `${field}.tool_calls`);
  }
  if (toolResponses !== undefined && toolResponses !== null && !Array.isArray(toolResponses)) {
    throw new IngestError(`${field}.tool_responses must be a list`, `${field}.tool_responses`);
  }
  const isResult = role === "tool" || role === "function";

  // --- who sent it, to whom, as what kind
  let sender: string;
  let recipients: string[] | undefined;
  let kind: MessageKind = "text";
  const metadata: JsonRecord = {};
  if (role) metadata.role = role;

  const previous = builder.previousSender(p.thread);
  const otherParty = (who: string | null) => (who === p.peer ? p.holder : who === p.holder ? p.peer : p.holder);
  const magentic = role && !STANDARD_ROLES.has(role) ? MAGENTIC_ROLE.exec(role) : null;

  if (typeof nameRaw === "string" && nameRaw.trim() !== "" && role !== "function") {
    // Group chats name every speaker; a "function" result's name is the function's, not the speaker's.
    sender = readName(nameRaw, `${field}.name`);
  } else if (magentic) {
    sender = readName(magentic[1], `${field}.role`);
    const note = (magentic[2] ?? "").trim();
    if (note.startsWith("->")) recipients = [readName(note.slice(2), `${field}.role`)];
    else if (note === "thought") {
      kind = "thought";
      recipients = [sender];
    } else if (note === "termination condition") kind = "stop";
    else metadata.role_note = note;
  } else if (role === "human") {
    sender = "user";
  } else if (role === "system" || role === "developer") {
    sender = "system";
    kind = "system";
  } else if (hasCalls || isResult) {
    sender = otherParty(previous);
  } else if (role === "user") {
    sender = p.peer;
  } else if (role === "assistant") {
    sender = p.holder;
  } else {
    sender = readName(role, `${field}.role`);
  }
  if (recipients === undefined && p.explicitPair) recipients = [sender === p.holder ? p.peer : p.holder];

  const base = { sender, thread: p.thread, metadata };
  const content = readContent(get(raw, "content"), `${field}.content`);

  // --- tool / function results
  if (isResult) {
    const responses = Array.isArray(toolResponses) && toolResponses.length > 0 ? toolResponses : [raw];
    responses.forEach((r, j) => {
      const rField = responses === toolResponses ? `${field}.tool_responses[${j}]` : field;
      if (!isRecord(r)) throw new IngestError(`${rField} must be an object`, rField);
      const idRaw = get(r, "tool_call_id");
      const toolCallId = typeof idRaw === "string" && idRaw !== "" ? idRaw : undefined;
      const call = builder.toolCall(toolCallId);
      const fnName = role === "function" && typeof nameRaw === "string" ? nameRaw : undefined;
      const caller = call?.sender ?? (fnName !== undefined ? functionCallers.get(fnName) : undefined);
      builder.add({
        ...base,
        field: rField,
        kind: "tool_result",
        recipients: caller !== undefined ? [caller] : recipients,
        content: r === raw ? content : readContent(get(r, "content"), `${rField}.content`),
        toolName: call?.name ?? fnName,
        toolCallId,
      });
    });
    return;
  }

  // --- text (before any calls, as the model wrote it)
  if (!hasCalls || content !== "") {
    builder.add({ ...base, field, kind, recipients, content });
  }

  // --- tool calls, one message per call
  if (Array.isArray(toolCalls)) {
    toolCalls.forEach((c, j) => {
      const cField = `${field}.tool_calls[${j}]`;
      if (!isRecord(c)) throw new IngestError(`${cField} must be an object`, cField);
      const fn = get(c, "function");
      if (!isRecord(fn)) throw new IngestError(`${cField}.function must be an object`, `${cField}.function`);
      const idRaw = get(c, "id");
      addCall(builder, base, recipients, fn, `${cField}.function`, typeof idRaw === "string" && idRaw !== "" ? idRaw : undefined);
    });
  }
  if (isRecord(functionCall)) {
    const name = addCall(builder, base, recipients, functionCall, `${field}.function_call`, undefined);
    functionCallers.set(name, sender);
  }
}

function addCall(
  builder: TranscriptBuilder,
  base: Pick<DraftMessage, "sender" | "thread" | "metadata">,
  recipients: string[] | undefined,
  fn: JsonRecord,
  field: string,
  toolCallId: string | undefined,
): string {
  const name = readName(get(fn, "name"), `${field}.name`);
  const argsRaw = get(fn, "arguments");
  const args =
    argsRaw === undefined || argsRaw === null
      ? undefined
      : typeof argsRaw === "string"
        ? argsRaw
        : stringifyJson(argsRaw, `${field}.arguments`);
  builder.add({
    ...base,
    field,
    kind: "tool_call",
    recipients,
    content: renderToolCall(name, args),
    toolName: name,
    toolArguments: args,
    toolCallId,
  });
  return name;
}
