// The retention purge: deletes scan events and messages older than the organization's retention,
// a short transaction per batch so ingest never waits long on its locks, and keeps what the chain
// needs to verify the rest (a PurgedRange per conversation with the last purged chain hash).
//
// Messages go only as a prefix of each conversation (oldest seq first, up to the first message
// still inside retention), so the remaining messages chain from PurgedRange.lastChainHash.
// Conversation counters are left alone on purpose: messageCount is the next seq and lastChainHash
// the tail the ingest writer appends to, and both still hold after a prefix is removed; flagged and
// blocked counts are the conversation's lifetime totals. UsageMonth/UsageDay are never touched.
import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { pool } from "@/lib/db/client";
import { withTransaction, type Sql } from "@/lib/db/sql";
import { log } from "@/lib/log";
import type { Tier } from "@/lib/usage/quota";
import { retentionCutoff, retentionDays } from "./policy";

export const RETENTION_PURGE_TASK = "retention-purge";
export const PURGE_BATCH_SIZE = 1_000;

// Session-level advisory lock ("RETN"): one purge at a time across every server process.
const PURGE_LOCK_KEY = 0x5245544e;

export interface PurgeOptions {
  now?: Date;
  batchSize?: number;
  signal?: AbortSignal;
}

export interface OrganizationPurge {
  organizationId: string;
  cutoff: string;
  retentionDays: number;
  events: number;
  messages: number;
  conversations: number;
  batches: number;
}

/** One purge over every organization; null when another process is already purging. */
export async function runRetentionPurge(options: PurgeOptions = {}): Promise<OrganizationPurge[] | null> {
  const lockClient = await pool().connect();
  try {
    const [row] = (await lockClient.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${PURGE_LOCK_KEY}) AS locked`)).rows;
    if (!row?.locked) return null;
    try {
      const organizations = await pool().query<{ id: string; tier: Tier; retentionDays: number | null }>(
        `SELECT "id", "tier"::text AS "tier", "retentionDays" FROM "Organization" ORDER BY "id"`,
      );
      const results: OrganizationPurge[] = [];
      for (const org of organizations.rows) {
        if (options.signal?.aborted) break;
        const result = await purgeOrganization(org, options);
        if (result.events + result.messages > 0) results.push(result);
      }
      return results;
    } finally {
      await lockClient.query(`SELECT pg_advisory_unlock(${PURGE_LOCK_KEY})`);
    }
  } finally {
    lockClient.release();
  }
}

async function purgeOrganization(
  org: { id: string; tier: Tier; retentionDays: number | null },
  options: PurgeOptions,
): Promise<OrganizationPurge> {
  const cutoff = retentionCutoff(org, options.now ?? new Date()).toISOString();
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const result: OrganizationPurge = { organizationId: org.id, cutoff, retentionDays: retentionDays(org), events: 0, messages: 0, conversations: 0, batches: 0 };
  const perProject: Record<string, { events: number; messages: number; conversations: number }> = {};
  const projects = await pool().query<{ id: string }>(`SELECT "id" FROM "Project" WHERE "organizationId" = $1 ORDER BY "id"`, [org.id]);
  for (const { id: projectId } of projects.rows) {
    const scope = { organizationId: org.id, projectId, cutoff, batchSize, signal: options.signal };
    const events = await purgeEvents(scope);
    const messages = await purgeMessages(scope);
    result.events += events.rows;
    result.messages += messages.rows;
    result.conversations += messages.conversations;
    result.batches += events.batches + messages.batches;
    if (events.rows + messages.rows > 0) perProject[projectId] = { events: events.rows, messages: messages.rows, conversations: messages.conversations };
  }
  if (result.events + result.messages > 0) {
    await withTransaction((sql) =>
      recordAudit(sql, {
        organizationId: org.id,
        actor: { type: "system", label: "retention purge" },
        action: "retention.purged",
        targetType: "organization",
        targetId: org.id,
        metadata: { cutoff, retentionDays: result.retentionDays, tier: org.tier, events: result.events, messages: result.messages, conversations: result.conversations, projects: perProject },
      }),
    );
    log.info({ organizationId: org.id, events: result.events, messages: result.messages, batches: result.batches }, "retention purge");
  }
  return result;
}

interface PurgeScope {
  organizationId: string;
  projectId: string;
  cutoff: string;
  batchSize: number;
  signal?: AbortSignal;
}

const UTC_CUTOFF = `$3::timestamptz AT TIME ZONE 'UTC'`;

/** Expired scan events of one project, a batch per transaction; one PurgedRange per run. */
async function purgeEvents(scope: PurgeScope): Promise<{ rows: number; batches: number }> {
  let rows = 0;
  let batches = 0;
  let rangeId: string | null = null;
  while (!scope.signal?.aborted) {
    const removed = await withTransaction(async (sql) => {
      // SKIP LOCKED: a row an ingest transaction still holds is left for the next round.
      const [deleted] = await sql.query<{ count: number }>(
        `WITH doomed AS (
           SELECT "id" FROM "ScanEvent" WHERE "organizationId" = $1 AND "projectId" = $2 AND "occurredAt" < ${UTC_CUTOFF}
           ORDER BY "occurredAt" LIMIT $4 FOR UPDATE SKIP LOCKED),
         gone AS (DELETE FROM "ScanEvent" e USING doomed WHERE e."id" = doomed."id" RETURNING 1)
         SELECT count(*)::int AS "count" FROM gone`,
        [scope.organizationId, scope.projectId, scope.cutoff, scope.batchSize],
      );
      const count = deleted?.count ?? 0;
      if (count > 0) rangeId = await recordPurgedRange(sql, scope, rangeId, { kind: "events", conversationId: null, count });
      return count;
    });
    if (removed === 0) break;
    rows += removed;
    batches += 1;
    if (removed < scope.batchSize) break;
  }
  return { rows, batches };
}

/** Expired message prefixes of every conversation of one project. */
async function purgeMessages(scope: PurgeScope): Promise<{ rows: number; batches: number; conversations: number }> {
  const conversations = await pool().query<{ conversationId: string }>(
    `SELECT DISTINCT "conversationId" FROM "Message" WHERE "organizationId" = $1 AND "projectId" = $2 AND "sentAt" < ${UTC_CUTOFF}`,
    [scope.organizationId, scope.projectId, scope.cutoff],
  );
  let rows = 0;
  let batches = 0;
  let touched = 0;
  for (const { conversationId } of conversations.rows) {
    if (scope.signal?.aborted) break;
    const purged = await purgeConversationPrefix(scope, conversationId);
    rows += purged.rows;
    batches += purged.batches;
    if (purged.rows > 0) touched += 1;
  }
  return { rows, batches, conversations: touched };
}

async function purgeConversationPrefix(scope: PurgeScope, conversationId: string): Promise<{ rows: number; batches: number }> {
  // The prefix ends before the first message still inside retention (null: every message expired).
  const [kept] = (
    await pool().query<{ firstKept: number | null }>(
      `SELECT min("seq") AS "firstKept" FROM "Message" WHERE "conversationId" = $1 AND "sentAt" >= $2::timestamptz AT TIME ZONE 'UTC'`,
      [conversationId, scope.cutoff],
    )
  ).rows;
  const firstKept = kept?.firstKept ?? null;
  let rows = 0;
  let batches = 0;
  let rangeId: string | null = null;
  while (!scope.signal?.aborted) {
    const removed = await withTransaction(async (sql) => {
      const deleted = await sql.query<{ seq: number; chainHash: string }>(
        `WITH doomed AS (
           SELECT "id" FROM "Message"
           WHERE "conversationId" = $1 AND "organizationId" = $2 AND "projectId" = $3 AND ($4::int IS NULL OR "seq" < $4)
           ORDER BY "seq" LIMIT $5 FOR UPDATE)
         DELETE FROM "Message" m USING doomed WHERE m."id" = doomed."id" RETURNING m."seq", m."chainHash"`,
        [conversationId, scope.organizationId, scope.projectId, firstKept, scope.batchSize],
      );
      if (deleted.length === 0) return 0;
      let first = deleted[0]!;
      let last = first;
      for (const row of deleted) {
        if (row.seq < first.seq) first = row;
        if (row.seq > last.seq) last = row;
      }
      rangeId = await recordPurgedRange(sql, scope, rangeId, {
        kind: "messages",
        conversationId,
        count: deleted.length,
        fromSeq: first.seq,
        toSeq: last.seq,
        lastChainHash: last.chainHash,
      });
      return deleted.length;
    });
    if (removed === 0) break;
    rows += removed;
    batches += 1;
    if (removed < scope.batchSize) break;
  }
  return { rows, batches };
}

/**
 * Inserts this run's PurgedRange on the first batch and extends it on the next ones, inside the
 * batch's transaction, so the range always describes exactly the rows that are gone.
 */
async function recordPurgedRange(
  sql: Sql,
  scope: PurgeScope,
  rangeId: string | null,
  batch: { kind: "events" | "messages"; conversationId: string | null; count: number; fromSeq?: number; toSeq?: number; lastChainHash?: string },
): Promise<string> {
  if (rangeId) {
    await sql.query(
      `UPDATE "PurgedRange" SET "count" = "count" + $2, "toSeq" = COALESCE($3, "toSeq"), "lastChainHash" = COALESCE($4, "lastChainHash"),
         "purgedAt" = now() AT TIME ZONE 'UTC' WHERE "id" = $1`,
      [rangeId, batch.count, batch.toSeq ?? null, batch.lastChainHash ?? null],
    );
    return rangeId;
  }
  const [inserted] = await sql.query<{ id: string }>(
    `INSERT INTO "PurgedRange" ("id", "organizationId", "projectId", "conversationId", "kind", "fromSeq", "toSeq", "count", "lastChainHash", "cutoff", "purgedAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
     RETURNING "id"`,
    [scope.organizationId, scope.projectId, batch.conversationId, batch.kind, batch.fromSeq ?? null, batch.toSeq ?? null, batch.count, batch.lastChainHash ?? null, scope.cutoff],
  );
  return inserted!.id;
}
