// Turns the keyset batches of rows.ts into the chosen file format, one text chunk per batch:
// JSON Lines, CSV, or the audit bundle. Nothing but the current batch is held.
import "server-only";
import type { Actor } from "@/lib/audit/record";
import type { ProjectScope } from "@/lib/ingest/record-event";
import { BundleWriter, genesisAnchor, messageRecord, type BundleManifestInput } from "./bundle";
import { csvRecord, UTF8_BOM } from "./csv";
import { chainAnchor, countEvents, countMessages, readEvents, readMessages, type EventRow, type MessageRow } from "./rows";
import type { ExportChoices } from "./schema";

export interface ExportTarget {
  scope: ProjectScope;
  project: { id: string; slug: string; name: string };
  organizationName?: string;
  choices: ExportChoices;
  exporter: Actor;
  exportedAt: Date;
}

/** Called after each batch with the rows written so far; may throw to stop the export (cancel). */
export type OnProgress = (rowsDone: number) => Promise<void> | void;

export function countExportRows(scope: ProjectScope, choices: ExportChoices): Promise<number> {
  return choices.kind === "events" ? countEvents(scope, choices) : countMessages(scope, choices);
}

function messageJson(m: MessageRow) {
  return {
    conversation_id: m.conversationId,
    seq: m.seq,
    sent_at: m.sentAt,
    sender: m.sender,
    recipients: m.recipients,
    recipients_explicit: m.recipientsExplicit,
    kind: m.kind,
    content: m.content,
    tool_name: m.toolName,
    tool_arguments: m.toolArguments,
    tool_call_id: m.toolCallId,
    verdict: m.verdict,
    categories: m.categories ?? [],
    findings: m.findings ?? [],
    content_hash: m.contentHash,
    chain_hash: m.chainHash,
  };
}

/** The row as exported: the query already names its columns as the events API does. */
function eventJson(e: EventRow): Omit<EventRow, "cursor_at"> {
  const { cursor_at: _cursor, ...event } = e;
  return event;
}

const MESSAGE_COLUMNS = [
  "conversation_id", "seq", "sent_at", "sender", "recipients", "kind", "content", "tool_name", "tool_arguments",
  "tool_call_id", "verdict", "categories", "findings", "content_hash", "chain_hash",
] as const;
const EVENT_COLUMNS = [
  "id", "occurred_at", "agent_id", "direction", "verdict", "risk_score", "categories", "conversation_id", "message_seq",
  "to_agent", "text_storage", "text_length", "text", "findings", "text_sha256",
] as const;

function messageCsv(m: MessageRow): string {
  const j = messageJson(m);
  return csvRecord([
    j.conversation_id, j.seq, j.sent_at, j.sender, j.recipients.join(";"), j.kind, j.content, j.tool_name, j.tool_arguments,
    j.tool_call_id, j.verdict, j.categories.join(";"), JSON.stringify(j.findings), j.content_hash, j.chain_hash,
  ]);
}

function eventCsv(e: EventRow): string {
  const j = eventJson(e);
  return csvRecord([
    j.id, j.occurred_at, j.agent_id, j.direction, j.verdict, j.risk_score, j.categories.join(";"), j.conversation_id, j.message_seq,
    j.to_agent, j.text_storage, j.text_length, j.text, JSON.stringify(j.findings), j.text_sha256,
  ]);
}

function manifestOf(target: ExportTarget): BundleManifestInput {
  const { choices } = target;
  return {
    organization: { id: target.scope.organizationId, ...(target.organizationName ? { name: target.organizationName } : {}) },
    project: target.project,
    range: { from: choices.from ?? null, to: choices.to ?? null },
    filters: {
      agent: choices.agent ?? null,
      verdict: choices.verdict ?? null,
      category: choices.category ?? null,
      conversation: choices.conversation ?? null,
    },
    exportedAt: target.exportedAt.toISOString(),
    exporter: { type: target.exporter.type, label: target.exporter.label },
  };
}

/** The export as text chunks (one per batch), calling `onProgress` after each. */
export async function* exportChunks(target: ExportTarget, onProgress: OnProgress = () => undefined): AsyncGenerator<string> {
  const { scope, choices } = target;
  let rows = 0;
  if (choices.format === "bundle") {
    yield* bundleChunks(target, onProgress);
    return;
  }
  if (choices.format === "csv") yield (choices.bom ? UTF8_BOM : "") + csvRecord(choices.kind === "events" ? EVENT_COLUMNS : MESSAGE_COLUMNS);
  const csv = choices.format === "csv";
  if (choices.kind === "events") {
    for await (const batch of readEvents(scope, choices)) {
      yield batch.map((e) => (csv ? eventCsv(e) : `${JSON.stringify(eventJson(e))}\n`)).join("");
      rows += batch.length;
      await onProgress(rows);
    }
  } else {
    for await (const batch of readMessages(scope, choices)) {
      yield batch.map((m) => (csv ? messageCsv(m) : `${JSON.stringify(messageJson(m))}\n`)).join("");
      rows += batch.length;
      await onProgress(rows);
    }
  }
}

async function* bundleChunks(target: ExportTarget, onProgress: OnProgress): AsyncGenerator<string> {
  const { scope, choices } = target;
  if (choices.kind === "events") {
    const writer = new BundleWriter("events", manifestOf(target));
    yield writer.manifestLine() + writer.segment(scope.projectId, genesisAnchor("events"), { project: target.project.slug });
    for await (const batch of readEvents(scope, choices)) {
      yield batch.map((e) => writer.record(writer.nextEventRecord(writer.recordCount, eventJson(e)))).join("");
      await onProgress(writer.recordCount);
    }
    yield writer.trailer();
    return;
  }
  const writer = new BundleWriter("conversations", manifestOf(target));
  yield writer.manifestLine();
  let current: string | null = null;
  for await (const batch of readMessages(scope, choices)) {
    // Lines joined once per batch: a long += chain would keep a rope of every piece alive.
    const lines: string[] = [];
    for (const m of batch) {
      if (m.conversationUuid !== current) {
        current = m.conversationUuid;
        const anchor = await chainAnchor(scope, m.conversationUuid, m.seq);
        lines.push(writer.segment(m.conversationId, anchor, { conversationUuid: m.conversationUuid, framework: m.framework }));
      }
      lines.push(writer.record(messageRecord(m.conversationId, m)));
    }
    yield lines.join("");
    await onProgress(writer.recordCount);
  }
  yield writer.trailer();
}
