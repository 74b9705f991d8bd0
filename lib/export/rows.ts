// Reads what an export holds in keyset batches, in the order the file needs: messages by
// (conversation, seq), events by (occurredAt, id). Only one batch is in memory at a time, and
// the next is read only when the consumer asks for it, so a slow download slows the reads
// instead of filling memory. Always within one project of one organization.
import "server-only";
import { pool } from "@/lib/db/client";
import type { ProjectScope } from "@/lib/ingest/record-event";
import type { MessageKind } from "@/lib/ingest/canonical";
import { genesisAnchor, type BundleAnchor } from "./bundle";
import type { ExportChoices } from "./schema";

// Small enough that a batch dies young (in V8's new space) instead of piling up in the old space.
export const EXPORT_BATCH_ROWS = 500;

const ISO = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface MessageRow {
  conversationUuid: string;
  conversationId: string;
  framework: string;
  seq: number;
  sender: string;
  recipients: string[];
  recipientsExplicit: boolean;
  kind: MessageKind;
  content: string;
  toolName: string | null;
  toolArguments: string | null;
  toolCallId: string | null;
  contentHash: string;
  chainHash: string;
  sentAt: string;
  verdict: string | null;
  categories: string[] | null;
  findings: unknown[] | null;
}

/** A scan event, its columns named as GET /api/v1/events names them. */
export interface EventRow {
  id: string;
  client_id: string | null;
  source: string;
  agent_id: string;
  direction: string;
  verdict: string;
  risk_score: number;
  categories: string[];
  findings: unknown[];
  text: string | null;
  text_storage: string;
  text_length: number;
  text_sha256: string;
  conversation_id: string | null;
  message_seq: number | null;
  to_agent: string | null;
  occurred_at: string;
  /** The stored timestamp as PostgreSQL prints it: the keyset cursor, exact to the millisecond. */
  cursor_at: string;
}

/** A WHERE clause under construction: conditions joined by AND, parameters numbered as added. */
class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(condition: string): this {
    this.conditions.push(condition);
    return this;
  }
  toString(): string {
    return this.conditions.join(" AND ");
  }
}

const utc = (where: Where, iso: string) => `(${where.param(iso)}::timestamptz AT TIME ZONE 'UTC')`;

/** The conditions of a messages query over aliases m (message), e (its scan event), c (conversation). */
function messageConditions(where: Where, scope: ProjectScope, choices: ExportChoices, alias: { m: string; e: string; c: string }, messageFilters: boolean): string[] {
  const { m, e, c } = alias;
  const conditions = [`${m}."organizationId" = ${where.param(scope.organizationId)}`, `${m}."projectId" = ${where.param(scope.projectId)}`];
  if (choices.from) conditions.push(`${m}."sentAt" >= ${utc(where, choices.from)}`);
  if (choices.to) conditions.push(`${m}."sentAt" < ${utc(where, choices.to)}`);
  if (choices.conversation) conditions.push(`${c}."externalId" = ${where.param(choices.conversation)}`);
  if (messageFilters) {
    if (choices.agent) conditions.push(`${m}."sender" = ${where.param(choices.agent)}`);
    if (choices.verdict) conditions.push(`${e}."verdict"::text = ${where.param(choices.verdict)}`);
    if (choices.category) conditions.push(`${where.param(choices.category)} = ANY(${e}."categories"::text[])`);
  }
  return conditions;
}

const hasMessageFilters = (choices: ExportChoices) => Boolean(choices.agent || choices.verdict || choices.category);

/**
 * The WHERE of a messages export. For a bundle the message filters choose conversations (a
 * bundle's messages must be contiguous to verify), otherwise they choose messages.
 */
function messagesWhere(scope: ProjectScope, choices: ExportChoices): Where {
  const where = new Where();
  const wholeConversations = choices.format === "bundle";
  for (const condition of messageConditions(where, scope, choices, { m: "m", e: "e", c: "c" }, !wholeConversations)) where.add(condition);
  if (wholeConversations && hasMessageFilters(choices)) {
    const inner = messageConditions(where, scope, choices, { m: "m2", e: "e2", c: "c2" }, true).join(" AND ");
    where.add(
      `m."conversationId" IN (SELECT m2."conversationId" FROM "Message" m2
         JOIN "Conversation" c2 ON c2."id" = m2."conversationId"
         LEFT JOIN "ScanEvent" e2 ON e2."messageId" = m2."id" WHERE ${inner})`,
    );
  }
  return where;
}

const MESSAGE_FROM = `FROM "Message" m
  JOIN "Conversation" c ON c."id" = m."conversationId" AND c."projectId" = m."projectId"
  LEFT JOIN "ScanEvent" e ON e."messageId" = m."id" AND e."projectId" = m."projectId"`;

export async function countMessages(scope: ProjectScope, choices: ExportChoices): Promise<number> {
  const where = messagesWhere(scope, choices);
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n ${MESSAGE_FROM} WHERE ${where}`, where.params);
  return Number(rows[0]?.n ?? 0);
}

export async function* readMessages(scope: ProjectScope, choices: ExportChoices, batchRows = EXPORT_BATCH_ROWS): AsyncGenerator<MessageRow[]> {
  let cursor: { conversation: string; seq: number } | null = null;
  for (;;) {
    const where = messagesWhere(scope, choices);
    if (cursor) where.add(`(m."conversationId", m."seq") > (${where.param(cursor.conversation)}, ${where.param(cursor.seq)})`);
    const { rows } = await pool().query<MessageRow>(
      `SELECT m."conversationId" AS "conversationUuid", c."externalId" AS "conversationId", c."framework", m."seq", m."sender",
         m."recipients", m."recipientsExplicit", m."kind"::text AS "kind", m."content", m."toolName", m."toolArguments",
         m."toolCallId", m."contentHash", m."chainHash", ${ISO(`m."sentAt"`)} AS "sentAt", e."verdict"::text AS "verdict",
         e."categories"::text[] AS "categories", e."findings"
       ${MESSAGE_FROM} WHERE ${where}
       ORDER BY m."conversationId", m."seq" LIMIT ${where.param(batchRows)}`,
      where.params,
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    cursor = { conversation: last.conversationUuid, seq: last.seq };
    if (rows.length < batchRows) return;
  }
}

/**
 * Where a conversation's chain stands just before `seq`: the previous message's chain hash, or
 * the hash a retention purge recorded for the messages it removed, or 64 zeros at seq 0.
 */
export async function chainAnchor(scope: ProjectScope, conversationUuid: string, seq: number): Promise<BundleAnchor> {
  if (seq === 0) return genesisAnchor("conversations");
  const { rows } = await pool().query<{ hash: string | null; source: "previous_record" | "purged_range" }>(
    `SELECT "chainHash" AS hash, 'previous_record' AS source FROM "Message"
       WHERE "conversationId" = $1 AND "projectId" = $2 AND "organizationId" = $3 AND "seq" = $4
     UNION ALL
     SELECT "lastChainHash" AS hash, 'purged_range' AS source FROM "PurgedRange"
       WHERE "conversationId" = $1 AND "projectId" = $2 AND "organizationId" = $3 AND "toSeq" = $4 AND "lastChainHash" IS NOT NULL
     LIMIT 1`,
    [conversationUuid, scope.projectId, scope.organizationId, seq - 1],
  );
  const found = rows[0];
  return found ? { seq: seq - 1, hash: found.hash, source: found.source } : { seq: seq - 1, hash: null, source: "unknown" as const };
}

function eventsWhere(scope: ProjectScope, choices: ExportChoices): Where {
  const where = new Where();
  where.add(`e."organizationId" = ${where.param(scope.organizationId)}`).add(`e."projectId" = ${where.param(scope.projectId)}`);
  if (choices.from) where.add(`e."occurredAt" >= ${utc(where, choices.from)}`);
  if (choices.to) where.add(`e."occurredAt" < ${utc(where, choices.to)}`);
  if (choices.agent) where.add(`a."name" = ${where.param(choices.agent)}`);
  if (choices.verdict) where.add(`e."verdict"::text = ${where.param(choices.verdict)}`);
  if (choices.category) where.add(`${where.param(choices.category)} = ANY(e."categories"::text[])`);
  if (choices.conversation) where.add(`e."conversationRef" = ${where.param(choices.conversation)}`);
  return where;
}

const EVENT_FROM = `FROM "ScanEvent" e JOIN "Agent" a ON a."id" = e."agentId" AND a."projectId" = e."projectId"`;

export async function countEvents(scope: ProjectScope, choices: ExportChoices): Promise<number> {
  const where = eventsWhere(scope, choices);
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n ${EVENT_FROM} WHERE ${where}`, where.params);
  return Number(rows[0]?.n ?? 0);
}

export async function* readEvents(scope: ProjectScope, choices: ExportChoices, batchRows = EXPORT_BATCH_ROWS): AsyncGenerator<EventRow[]> {
  let cursor: { at: string; id: string } | null = null;
  for (;;) {
    const where = eventsWhere(scope, choices);
    if (cursor) where.add(`(e."occurredAt", e."id") > (${where.param(cursor.at)}::timestamp, ${where.param(cursor.id)})`);
    const { rows } = await pool().query<EventRow>(
      `SELECT e."id", e."clientEventId" AS client_id, e."source"::text AS source, a."name" AS agent_id, e."direction"::text AS direction,
         e."verdict"::text AS verdict, e."riskScore" AS risk_score, e."categories"::text[] AS categories, e."findings", e."text",
         e."textStorage"::text AS text_storage, e."textLength" AS text_length, e."textSha256" AS text_sha256,
         e."conversationRef" AS conversation_id, msg."seq" AS message_seq, e."toAgent" AS to_agent,
         ${ISO(`e."occurredAt"`)} AS occurred_at, e."occurredAt"::text AS cursor_at
       ${EVENT_FROM} LEFT JOIN "Message" msg ON msg."id" = e."messageId" AND msg."projectId" = e."projectId"
       WHERE ${where} ORDER BY e."occurredAt", e."id" LIMIT ${where.param(batchRows)}`,
      where.params,
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    cursor = { at: last.cursor_at, id: last.id };
    if (rows.length < batchRows) return;
  }
}
