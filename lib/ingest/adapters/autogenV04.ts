/**
 * AutoGen 0.4+ (`autogen_agentchat`) JSON: a `TaskResult` dump `{messages, stop_reason}`, a bare
 * list of messages/events, a saved `TeamState` (the group chat manager's `message_thread`), an
 * agent state with `llm_messages`, and model-level histories (`SystemMessage`, `UserMessage`,
 * `AssistantMessage`, `FunctionExecutionResultMessage`) such as the handoff samples save.
 *
 * Addressing follows the runtime: chat messages (TextMessage, ToolCallSummaryMessage, StopMessage,
 * ...) are published to the whole team, so they are broadcasts; HandoffMessage goes to `target`;
 * events (tool calls, tool results, thoughts, memory queries) stay inside the agent that emitted
 * them (0.4 agents execute their own tools), so they are addressed to that agent.
 * ModelClientStreamingChunkEvent is skipped: chunks repeat the final message that follows them.
 */
import type { CanonicalTranscript, MessageKind } from "../canonical";
import { TranscriptBuilder, renderToolCall } from "./builder";
import { IngestError } from "./errors";
import { get, has, isRecord, optString, readContent, readName, stringifyJson, type JsonRecord } from "./values";

const LLM_TYPES = new Set(["SystemMessage", "UserMessage", "AssistantMessage", "FunctionExecutionResultMessage"]);
const SKIPPED_TYPES = new Set(["ModelClientStreamingChunkEvent"]);

export function isV04Message(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const type = get(value, "type");
  if (typeof type === "string" && (LLM_TYPES.has(type) || /(Message|Event)$/.test(type))) return true;
  // Early 0.4 releases had no `type`; `source` + `models_usage` is distinctive.
  return typeof get(value, "source") === "string" && has(value, "content") && Object.hasOwn(value, "models_usage");
}

/** Finds the message list in the shapes users send; returns it with its field path. */
function locateMessages(transcript: unknown): { list: unknown[]; field: string } {
  if (Array.isArray(transcript)) return { list: transcript, field: "transcript" };
  if (!isRecord(transcript)) throw new IngestError("expected an AutoGen 0.4 TaskResult, message list or team state", "transcript");
  const messages = get(transcript, "messages");
  if (Array.isArray(messages)) return { list: messages, field: "transcript.messages" };
  const llm = get(transcript, "llm_messages");
  if (Array.isArray(llm)) return { list: llm, field: "transcript.llm_messages" };
  const states = get(transcript, "agent_states");
  if (isRecord(states)) {
    // The manager's message_thread is the conversation as the team saw it; per-agent llm_messages
    // are each agent's private model context and would duplicate it.
    for (const key of Object.keys(states)) {
      const state = states[key];
      const thread = isRecord(state) ? get(state, "message_thread") : undefined;
      if (Array.isArray(thread)) return { list: thread, field: `transcript.agent_states[${JSON.stringify(key)}].message_thread` };
    }
    throw new IngestError("team state has no agent with a `message_thread`", "transcript.agent_states");
  }
  throw new IngestError("expected `messages`, `llm_messages` or `agent_states`", "transcript");
}

export function parseAutogenV04(transcript: unknown): CanonicalTranscript {
  const { list, field } = locateMessages(transcript);
  const builder = new TranscriptBuilder("autogen_v04");
  list.forEach((m, i) => addV04Message(builder, m, `${field}[${i}]`));
  return builder.build();
}

/** The message type, inferred from the content's shape for releases that did not record it. */
function messageType(m: JsonRecord, field: string): string {
  const type = get(m, "type");
  if (type !== undefined) {
    if (typeof type !== "string" || type === "") throw new IngestError(`${field}.type must be a string`, `${field}.type`);
    return type;
  }
  const content = get(m, "content");
  if (typeof content === "string") return "TextMessage";
  if (Array.isArray(content) && content.length > 0 && content.every(isRecord)) {
    const first = content[0] as JsonRecord;
    if (has(first, "call_id")) return "ToolCallExecutionEvent";
    if (has(first, "arguments")) return "ToolCallRequestEvent";
  }
  if (Array.isArray(content)) return "MultiModalMessage";
  throw new IngestError(`${field}.type is missing and the content does not say what the message is`, `${field}.type`);
}

function addV04Message(builder: TranscriptBuilder, raw: unknown, field: string): void {
  if (!isRecord(raw)) throw new IngestError(`${field} must be an object`, field);
  const type = messageType(raw, field);
  if (SKIPPED_TYPES.has(type)) return;

  const metadata: JsonRecord = { type };
  for (const key of ["models_usage", "metadata", "id", "request_id"]) {
    const v = get(raw, key);
    if (v !== undefined && v !== null && !(isRecord(v) && Object.keys(v).length === 0)) metadata[key] = v;
  }
  const createdAt = get(raw, "created_at");
  const sourceRaw = get(raw, "source");
  const content = get(raw, "content");
  const cField = `${field}.content`;

  // Model-level messages: FunctionExecutionResultMessage and SystemMessage carry no source.
  if (type === "FunctionExecutionResultMessage") {
    addResults(builder, content, cField, null, metadata, createdAt);
    return;
  }
  if (type === "SystemMessage") {
    builder.add({ field, sender: "system", kind: "system", content: readContent(content, cField), metadata, createdAt });
    return;
  }

  const sender = readName(sourceRaw, `${field}.source`);
  const base = { field, sender, metadata, createdAt };
  const self = [sender];

  switch (type) {
    case "ToolCallRequestEvent":
      addCalls(builder, content, cField, base);
      return;
    case "ToolCallExecutionEvent":
      addResults(builder, content, cField, sender, metadata, createdAt);
      return;
    case "AssistantMessage": {
      const thought = get(raw, "thought");
      if (typeof thought === "string" && thought !== "") {
        builder.add({ ...base, kind: "thought", recipients: self, content: readContent(thought, `${field}.thought`) });
      }
      if (Array.isArray(content) && content.length > 0 && content.every(isRecord)) addCalls(builder, content, cField, base);
      else builder.add({ ...base, kind: "text", content: readContent(content, cField) });
      return;
    }
    case "HandoffMessage": {
      const target = readName(get(raw, "target"), `${field}.target`);
      builder.add({ ...base, kind: "handoff", recipients: [target], content: readContent(content, cField) });
      return;
    }
    case "StopMessage":
      builder.add({ ...base, kind: "stop", content: readContent(content, cField) });
      return;
    case "ThoughtEvent":
      builder.add({ ...base, kind: "thought", recipients: self, content: readContent(content, cField) });
      return;
    case "MemoryQueryEvent":
      // Retrieved memories enter the agent's context as system text: a poisoning vector worth scanning.
      builder.add({ ...base, kind: "system", recipients: self, content: renderMemory(content, cField) });
      return;
    case "SelectSpeakerEvent": {
      const names = Array.isArray(content) ? content.map((n, j) => readName(n, `${cField}[${j}]`)) : [];
      builder.add({ ...base, kind: "system", recipients: names.length > 0 ? names : undefined, content: names.join(", ") || readContent(content, cField) });
      return;
    }
    case "CodeGenerationEvent": {
      // The agent asks its code executor to run these blocks: a tool call in all but name.
      const blocks = get(raw, "code_blocks");
      const args = blocks === undefined ? undefined : stringifyJson(blocks, `${field}.code_blocks`);
      builder.add({ ...base, kind: "tool_call", recipients: self, content: readContent(content, cField), toolName: "code_executor", toolArguments: args });
      return;
    }
    case "CodeExecutionEvent": {
      const result = get(raw, "result");
      const output = isRecord(result) ? get(result, "output") : undefined;
      if (isRecord(result) && has(result, "exit_code")) metadata.exit_code = get(result, "exit_code");
      builder.add({ ...base, kind: "tool_result", recipients: self, content: readContent(output ?? content, cField), toolName: "code_executor" });
      return;
    }
    default: {
      // Chat messages (TextMessage, MultiModalMessage, StructuredMessage, ToolCallSummaryMessage,
      // UserMessage, future *Message types) go to the whole team; other events stay with the agent.
      const isEvent = type.endsWith("Event");
      const kind: MessageKind = isEvent ? "system" : "text";
      builder.add({ ...base, kind, recipients: isEvent ? self : undefined, content: readContent(content, cField) });
    }
  }
}

function addCalls(
  builder: TranscriptBuilder,
  content: unknown,
  field: string,
  base: { field: string; sender: string; metadata: JsonRecord; createdAt: unknown },
): void {
  if (!Array.isArray(content)) throw new IngestError(`${field} must be a list of function calls`, field);
  content.forEach((c, j) => {
    const f = `${field}[${j}]`;
    if (!isRecord(c)) throw new IngestError(`${f} must be an object`, f);
    const name = readName(get(c, "name"), `${f}.name`);
    const argsRaw = get(c, "arguments");
    const args = typeof argsRaw === "string" ? argsRaw : argsRaw === undefined || argsRaw === null ? undefined : stringifyJson(argsRaw, `${f}.arguments`);
    builder.add({
      ...base,
      field: f,
      kind: "tool_call",
      recipients: [base.sender],
      content: renderToolCall(name, args),
      toolName: name,
      toolArguments: args,
      toolCallId: optString(c, "id"),
    });
  });
}

/** Tool results; `source` is null for model-level FunctionExecutionResultMessage (no source field). */
function addResults(
  builder: TranscriptBuilder,
  content: unknown,
  field: string,
  source: string | null,
  metadata: JsonRecord,
  createdAt: unknown,
): void {
  if (!Array.isArray(content)) throw new IngestError(`${field} must be a list of function results`, field);
  content.forEach((r, j) => {
    const f = `${field}[${j}]`;
    if (!isRecord(r)) throw new IngestError(`${f} must be an object`, f);
    const toolCallId = optString(r, "call_id");
    const call = builder.toolCall(toolCallId);
    // 0.4 agents run their own tools: the executor is the caller when the source is not recorded.
    const sender = source ?? call?.sender ?? builder.previousSender() ?? "tool";
    const isError = get(r, "is_error");
    builder.add({
      field: f,
      sender,
      kind: "tool_result",
      recipients: [call?.sender ?? sender],
      content: readContent(get(r, "content"), `${f}.content`),
      toolName: optString(r, "name") ?? call?.name,
      toolCallId,
      metadata: isError === true ? { ...metadata, is_error: true } : metadata,
      createdAt,
    });
  });
}

function renderMemory(content: unknown, field: string): string {
  if (!Array.isArray(content)) return readContent(content, field);
  return content
    .map((item, j) => (isRecord(item) ? readContent(get(item, "content"), `${field}[${j}].content`) : readContent(item, `${field}[${j}]`)))
    .join("\n");
}
