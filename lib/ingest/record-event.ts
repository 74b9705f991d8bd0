// The one writer of scan events. The scan API, event batches and transcript scanning
// all come through here: it stores, meters usage against the quota, and (later)
// hands new facts to alert evaluation. It never scans: it stores what it is given.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { bulkInsert } from "@/lib/db/bulk-insert";
import { evaluateNewEvents, evaluateQuotaUsage } from "@/lib/alerts/on-ingest";
import { withTransaction, type Sql } from "@/lib/db/sql";
import { ENGINE_VERSION, maskText, type Category, type Direction, type Finding, type Verdict } from "@/lib/detection";
import type { TextStorageMode } from "@/lib/scan/project-detection";
import { chargeMeter, openMeter } from "@/lib/usage/meter";
import { addEventHours } from "./hourly-rollups";

export interface ScanEventInput {
  source: "scan" | "ingest" | "transcript";
  clientEventId?: string | null;
  agentName: string;
  direction: Direction;
  verdict: Verdict;
  riskScore: number;
  findings: Finding[];
  /** The scanned text; absent when a client sent only its hash. */
  text: string | null;
  textSha256?: string;
  textLength?: number;
  textStorage: TextStorageMode;
  latencyMs: number;
  conversationRef?: string | null;
  messageId?: string | null;
  toAgent?: string | null;
  metadata?: Record<string, unknown> | null;
  occurredAt?: Date;
  engineVersion?: string;
}

export type StoreStatus = "stored" | "duplicate" | "quota_exceeded";
export interface StoreResult {
  status: StoreStatus;
  id: string | null;
}

export interface ProjectScope {
  organizationId: string;
  projectId: string;
}

/** What is kept of the text: masked (secrets and PII redacted), all of it, or nothing. */
export function storedText(text: string | null, findings: Finding[], mode: TextStorageMode): string | null {
  if (text === null || mode === "none") return null;
  if (mode === "full") return text;
  return maskText(text, findings);
}

/** Creates agents on first sight and moves their last-seen time forward; returns name → id. */
export async function touchAgents(sql: Sql, scope: ProjectScope, seen: Map<string, Date>): Promise<Map<string, string>> {
  // Sorted, so concurrent batches lock agent rows in the same order and never deadlock.
  const names = [...seen.keys()].sort();
  if (names.length === 0) return new Map();
  const times = names.map((name) => seen.get(name)!.toISOString());
  const rows = await sql.query<{ id: string; name: string }>(
    `INSERT INTO "Agent" ("id", "organizationId", "projectId", "name", "firstSeenAt", "lastSeenAt")
     SELECT gen_random_uuid()::text, $1, $2, n, t::timestamptz AT TIME ZONE 'UTC', t::timestamptz AT TIME ZONE 'UTC'
     FROM unnest($3::text[], $4::text[]) AS s(n, t)
     ON CONFLICT ("projectId", "name") DO UPDATE SET "lastSeenAt" = GREATEST("Agent"."lastSeenAt", EXCLUDED."lastSeenAt")
     RETURNING "id", "name"`,
    [scope.organizationId, scope.projectId, names, times],
  );
  return new Map(rows.map((row) => [row.name, row.id]));
}

/**
 * Stores scan events in one transaction: a client id seen before is a duplicate
 * (stored once, however often a batch is retried), and units past a Free quota are
 * not stored but counted as dropped. Answers one result per input, in order.
 */
export async function storeScanEvents(
  scope: ProjectScope,
  inputs: ScanEventInput[],
  options: { sql?: Sql; billable?: boolean } = {},
): Promise<StoreResult[]> {
  if (inputs.length === 0) return [];
  // Scans of transcript messages are not billed again: the stored message is the unit.
  const billable = options.billable ?? true;
  const run = async (sql: Sql) => {
    const now = new Date();
    const meter = billable ? await openMeter(sql, scope.organizationId, now) : null;
    const seen = new Map<string, Date>();
    for (const input of inputs) {
      const at = input.occurredAt ?? now;
      const previous = seen.get(input.agentName);
      if (!previous || previous < at) seen.set(input.agentName, at);
    }
    const agentIds = await touchAgents(sql, scope, seen);

    const rowIds = inputs.map(() => randomUUID());
    const rows = inputs.map((input, index) => toRow(scope, input, rowIds[index]!, agentIds.get(input.agentName)!, now));
    const inserted = await insertEvents.run(sql, rows);
    const insertedIds = new Set(inserted.map((row) => row.id));
    const order = rowIds.filter((id) => insertedIds.has(id));
    const usedBefore = meter?.used ?? 0;
    const granted = meter ? (await chargeMeter(sql, scope.organizationId, meter, order.length)).granted : order.length;
    const refused = new Set(order.slice(granted));
    if (refused.size > 0) {
      await sql.query(`DELETE FROM "ScanEvent" WHERE "projectId" = $1 AND "id" = ANY($2::text[])`, [scope.projectId, [...refused]]);
    }
    // Alert evaluation sees only what this call stored (never duplicates or dropped events).
    const kept = new Set(order.slice(0, granted));
    await evaluateNewEvents(
      sql,
      scope,
      rows.flatMap((row, index) => {
        const input = inputs[index]!;
        if (!kept.has(rowIds[index]!)) return [];
        return [{ id: rowIds[index]!, agentName: input.agentName, source: input.source, verdict: input.verdict, findings: input.findings, textLength: row.textLength as number, conversationRef: input.conversationRef ?? null, occurredAt: input.occurredAt ?? now }];
      }),
    );
    if (meter) await evaluateQuotaUsage(sql, scope, { month: meter.month, usedBefore, usedAfter: meter.used, quota: meter.policy.quota });
    // Last, so the dashboard's hourly counts hold exactly the rows this transaction commits.
    await addEventHours(
      sql,
      scope,
      rows.flatMap((row, index) =>
        kept.has(rowIds[index]!) ? [{ agentId: row.agentId as string, verdict: row.verdict as string, categories: row.categories as string[], occurredAt: row.occurredAt as string }] : [],
      ),
    );

    return rowIds.map((id): StoreResult => {
      if (refused.has(id)) return { status: "quota_exceeded", id: null };
      if (insertedIds.has(id)) return { status: "stored", id };
      return { status: "duplicate", id: null };
    });
  };
  return options.sql ? run(options.sql) : withTransaction(run);
}

export async function recordScanEvent(scope: ProjectScope, input: ScanEventInput): Promise<StoreResult> {
  const [result] = await storeScanEvents(scope, [input]);
  return result!;
}

const EVENT_COLUMNS = [
  ["id", "text"], ["organizationId", "text"], ["projectId", "text"], ["agentId", "text"], ["source", '"EventSource"'],
  ["clientEventId", "text"], ["direction", '"Direction"'], ["verdict", '"Verdict"'], ["riskScore", "double precision"],
  ["categories", '"ThreatCategory"[]'], ["findings", "jsonb"], ["conversationRef", "text"], ["messageId", "text"], ["toAgent", "text"],
  ["metadata", "jsonb"], ["textLength", "integer"], ["textSha256", "text"], ["textStorage", '"TextStorage"'], ["text", "text"],
  ["latencyMs", "double precision"], ["engineVersion", "text"], ["occurredAt", "timestamp(3)"], ["createdAt", "timestamp(3)"],
] as const;
type EventRow = Record<(typeof EVENT_COLUMNS)[number][0], unknown>;
// A client id seen before in this project is skipped: that is what makes retries idempotent.
const insertEvents = bulkInsert<EventRow>("ScanEvent", EVENT_COLUMNS, `ON CONFLICT ("projectId", "clientEventId") DO NOTHING`);

function toRow(scope: ProjectScope, input: ScanEventInput, id: string, agentId: string, now: Date): EventRow {
  const categories = [...new Set(input.findings.map((finding) => finding.category))] as Category[];
  return {
    id,
    organizationId: scope.organizationId,
    projectId: scope.projectId,
    agentId,
    source: input.source,
    clientEventId: input.clientEventId ?? null,
    direction: input.direction,
    verdict: input.verdict,
    riskScore: input.riskScore,
    categories,
    findings: input.findings,
    conversationRef: input.conversationRef ?? null,
    messageId: input.messageId ?? null,
    toAgent: input.toAgent ?? null,
    metadata: input.metadata ?? null,
    textLength: input.text?.length ?? input.textLength ?? 0,
    textSha256: input.text !== null ? createHash("sha256").update(input.text, "utf8").digest("hex") : input.textSha256 ?? "",
    textStorage: input.textStorage,
    text: storedText(input.text, input.findings, input.textStorage),
    latencyMs: input.latencyMs,
    engineVersion: input.engineVersion ?? ENGINE_VERSION,
    occurredAt: (input.occurredAt ?? now).toISOString(),
    createdAt: now.toISOString(),
  };
}
