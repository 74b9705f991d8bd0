/**
 * The canonical Warden format: `{ participants?, messages: [...] }` or a bare list of messages,
 * validated by the zod schema in canonical.ts (the schema is the documentation).
 */
import { z } from "zod";
import { canonicalTranscriptSchema, type CanonicalTranscript } from "../canonical";
import { TranscriptBuilder, renderToolCall } from "./builder";
import { IngestError } from "./errors";
import { stringifyJson } from "./values";

export function parseWarden(transcript: unknown): CanonicalTranscript {
  const bare = Array.isArray(transcript);
  const parsed = canonicalTranscriptSchema.safeParse(bare ? { messages: transcript } : transcript);
  if (!parsed.success) throw issueToError(parsed.error, bare);

  const { participants, messages } = parsed.data;
  const withSeq = messages.filter((m) => m.seq !== undefined).length;
  if (withSeq !== 0 && withSeq !== messages.length) {
    const i = messages.findIndex((m) => m.seq === undefined);
    throw new IngestError("seq must be given on every message or on none", `${prefix(bare)}[${i}].seq`);
  }

  const builder = new TranscriptBuilder("warden");
  for (const p of participants ?? []) builder.declareParticipant(p);
  messages.forEach((m, i) => {
    const field = `${prefix(bare)}[${i}]`;
    const toolArguments =
      m.tool_arguments === undefined
        ? undefined
        : typeof m.tool_arguments === "string"
          ? m.tool_arguments
          : stringifyJson(m.tool_arguments, `${field}.tool_arguments`);
    const toolCallId = m.tool_call_id;
    // A result addressed nowhere goes back to whoever made the call, when we know who that was.
    const caller = m.kind === "tool_result" ? builder.toolCaller(toolCallId) : undefined;
    builder.add({
      field,
      seq: m.seq,
      sender: m.sender,
      recipients: m.recipients ?? (caller !== undefined ? [caller] : undefined),
      kind: m.kind,
      content: m.content ?? renderToolCall(m.tool_name ?? "tool", toolArguments),
      toolName: m.tool_name,
      toolArguments,
      toolCallId,
      createdAt: m.created_at,
      metadata: m.metadata,
    });
  });
  return builder.build();
}

function prefix(bare: boolean): string {
  return bare ? "transcript" : "transcript.messages";
}

/** The first zod issue as an IngestError whose field reads like `transcript.messages[3].content`. */
function issueToError(error: z.ZodError, bare: boolean): IngestError {
  const issue = error.issues[0];
  if (issue === undefined) return new IngestError("transcript is not a valid Warden transcript", "transcript");
  let path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (bare && path[0] === "messages") path = path.slice(1);
  let field = "transcript";
  for (const p of path) field += typeof p === "number" ? `[${p}]` : `.${p}`;
  return new IngestError(`${field}: ${issue.message}`, field);
}
