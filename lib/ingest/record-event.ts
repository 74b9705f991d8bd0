// The one writer of scan events. The scan API, event batches and transcript scanning
// all come through here: it stores, meters usage against the quota, and (later)
// hands new facts to alert evaluation. It never scans: it stores what it is given.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { bulkInsert } from "@/lib/db/bulk-insert";
import type { EnabledRuleRows } from "@/lib/alerts/enabled-rules-sql";
import { alertUpsertStep } from "@/lib/alerts/raise";
import { enabledRules, evaluateNewEvents, evaluateQuotaUsage, NO_LOOKBACK, quotaAlertDue, quotaRulePercents, spikeLookback, type Lookback, type LookbackRow, type SpikeLookback, type StoredEvent } from "@/lib/alerts/on-ingest";
import { mustRunAgain, withTransaction, type Sql } from "@/lib/db/sql";
import { ENGINE_VERSION, maskText, type Category, type Direction, type Finding, type Verdict } from "@/lib/detection";
import type { TextStorageMode } from "@/lib/scan/project-detection";
import { meterUnits, overageCharge, readQuotaPolicy } from "@/lib/usage/meter";
import type { QuotaPolicy } from "@/lib/usage/quota";
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

// Agent ids never change and an agent row is deleted only with its project, so this process
// remembers the ids of agents it has read as committed rows: a batch that names only known
// agents needs no agent statement before its insert. Bounded; emptied when a row is missing
// after all (a foreign-key failure, say after the database was restored from a backup).
const knownAgentIds = new Map<string, string>();
const MAX_KNOWN_AGENTS = 50_000;
const agentKey = (projectId: string, name: string) => `${projectId}\u0000${name}`;

function forgetKnownAgents(): void {
  knownAgentIds.clear();
}

/**
 * Ids of the named agents, creating those seen for the first time. Existing rows are only
 * read, not locked: every batch of a project names the same few agents, and a row lock
 * taken here would be held to commit and queue all concurrent batches behind each other.
 * `remember`: the caller's transaction is this one statement's alone so far, so rows read
 * (not created) here are committed ones, safe to remember beyond the transaction.
 */
export async function ensureAgents(sql: Sql, scope: ProjectScope, seen: Map<string, Date>, options: { remember?: boolean } = {}): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of seen.keys()) {
    const id = knownAgentIds.get(agentKey(scope.projectId, name));
    if (id) ids.set(name, id);
  }
  // An agent created by a concurrent batch that commits after this statement's snapshot is
  // neither inserted (conflict) nor read; the next statement's snapshot sees it.
  for (let attempt = 0; attempt < 3 && ids.size < seen.size; attempt++) {
    // Sorted, so concurrent batches that create the same new agents wait in one order and never deadlock.
    const names = [...seen.keys()].filter((name) => !ids.has(name)).sort();
    const rows = await sql.query<{ id: string; name: string; created: boolean }>(
      `WITH created AS (
         INSERT INTO "Agent" ("id", "organizationId", "projectId", "name", "firstSeenAt", "lastSeenAt")
         SELECT gen_random_uuid()::text, $1, $2, n, t::timestamptz AT TIME ZONE 'UTC', t::timestamptz AT TIME ZONE 'UTC'
         FROM unnest($3::text[], $4::text[]) AS s(n, t) ORDER BY n
         ON CONFLICT ("projectId", "name") DO NOTHING
         RETURNING "id", "name"
       )
       SELECT "id", "name", true AS "created" FROM created
       UNION ALL
       SELECT "id", "name", false AS "created" FROM "Agent" WHERE "projectId" = $2 AND "name" = ANY($3::text[])`,
      [scope.organizationId, scope.projectId, names, names.map((name) => seen.get(name)!.toISOString())],
    );
    for (const row of rows) {
      ids.set(row.name, row.id);
      if (options.remember && !row.created) {
        if (knownAgentIds.size >= MAX_KNOWN_AGENTS) knownAgentIds.clear();
        knownAgentIds.set(agentKey(scope.projectId, row.name), row.id);
      }
    }
  }
  if (ids.size < seen.size) throw new Error("agents could not be created or read");
  return ids;
}

/**
 * Moves the agents' last-seen time forward. Only rows that actually move are locked, in id
 * order (no deadlock between concurrent batches); writers call it late, after their insert,
 * so the lock is held only for the end of their transaction. NO KEY UPDATE, not UPDATE: every
 * concurrent batch's insert holds key-share locks on these rows (the events' foreign keys)
 * until it commits, and FOR UPDATE would wait for them while they wait for us: a deadlock.
 * A statement of its own: run as part of the insert's statement (one round trip fewer), it
 * deadlocked with concurrent batches now and then. `lookback`: the same statement then runs
 * the event writer's spike look-back (which takes the project's spike lock), once the agents
 * are moved, so agents are always locked before the spike lock; answers what it read.
 */
export async function advanceAgentsLastSeen(sql: Sql, scope: ProjectScope, seenById: Map<string, Date>, lookback: SpikeLookback | null = null): Promise<Lookback> {
  if (seenById.size === 0 && !lookback) return NO_LOOKBACK;
  const ids = [...seenById.keys()];
  const ctes = `s AS (SELECT id, t::timestamptz AT TIME ZONE 'UTC' AS t FROM unnest($2::text[], $3::text[]) AS s(id, t)),
     due AS (
       SELECT a."id", s.t FROM "Agent" a JOIN s ON a."id" = s.id
       WHERE a."projectId" = $1 AND a."lastSeenAt" < s.t
       ORDER BY a."id" FOR NO KEY UPDATE OF a
     )`;
  const move = `UPDATE "Agent" a SET "lastSeenAt" = GREATEST(a."lastSeenAt", due.t) FROM due WHERE a."id" = due."id"`;
  const values = [scope.projectId, ids, ids.map((id) => seenById.get(id)!.toISOString())];
  if (!lookback) {
    await sql.query(`WITH ${ctes} ${move}`, values);
    return NO_LOOKBACK;
  }
  const rows = await sql.query<LookbackRow>(
    `WITH ${ctes}, moved AS (${move} RETURNING 1), m AS (SELECT count(*) AS n FROM moved) ${lookback.select("m", "m.n", values.length + 1)}`,
    [...values, ...lookback.values],
  );
  return lookback.read(rows);
}

/** Creates agents on first sight and moves their last-seen time forward; returns name → id. */
export async function touchAgents(sql: Sql, scope: ProjectScope, seen: Map<string, Date>): Promise<Map<string, string>> {
  const ids = await ensureAgents(sql, scope, seen);
  await advanceAgentsLastSeen(sql, scope, new Map([...seen].map(([name, at]) => [ids.get(name)!, at])));
  return ids;
}

/**
 * Stores scan events in one transaction: a client id seen before is a duplicate
 * (stored once, however often a batch is retried), and units past a Free quota are
 * not stored but counted as dropped. Answers one result per input, in order.
 *
 * Concurrent batches of one project contend for a few rows (the organization's usage
 * row, agent, alert and rollup rows), each locked until commit. So everything that needs
 * no such lock comes first (agent ids, the insert, the reads), the contended rows last.
 */
export async function storeScanEvents(
  scope: ProjectScope,
  inputs: ScanEventInput[],
  options: {
    sql?: Sql;
    billable?: boolean;
    /** The organization's quota policy when the caller has it already (read with the API key). */
    quotaPolicy?: QuotaPolicy;
    /** The project's enabled alert rules when the caller has them already (read with the API key). */
    alertRules?: EnabledRuleRows;
  } = {},
): Promise<StoreResult[]> {
  if (inputs.length === 0) return [];
  // Scans of transcript messages are not billed again: the stored message is the unit.
  const billable = options.billable ?? true;
  // `commitWithRollups`: the rollups' statement is the transaction's last and carries its COMMIT.
  const run = async (sql: Sql, commitWithRollups: boolean) => {
    const now = new Date();
    const seen = new Map<string, Date>();
    for (const input of inputs) {
      const at = input.occurredAt ?? now;
      const previous = seen.get(input.agentName);
      if (!previous || previous < at) seen.set(input.agentName, at);
    }
    // Its own transaction's first statement: what it reads as existing is committed.
    const agentIds = await ensureAgents(sql, scope, seen, { remember: !options.sql });
    const seenById = new Map([...seen].map(([name, at]) => [agentIds.get(name)!, at]));
    // Read before any contended row is locked (evaluation below reuses these reads).
    const policy = billable ? (options.quotaPolicy ?? (await readQuotaPolicy(sql, scope.organizationId))) : null;
    await enabledRules(sql, scope.projectId, options.alertRules);
    // Free can refuse units, and alerts and rollups must see only kept ones.
    const refusable = policy !== null && !policy.allowsOverage;

    // From here on, rows every concurrent batch of the project needs are locked until commit,
    // always in this order (agents, alerts, rollups, usage), so batches never deadlock. Free
    // charges its meter first (the transcript writer does the same); otherwise nothing is
    // refused, and the organization's usage row, which all its batches share, is charged last,
    // in the rollups' statement.
    const rowIds: string[] = inputs.map(() => randomUUID());
    const rows = inputs.map((input, index) => toRow(scope, input, rowIds[index]!, agentIds.get(input.agentName)!, now));
    const facts: StoredEvent[] = rows.map((row, index) => {
      const input = inputs[index]!;
      return { id: rowIds[index]!, agentName: input.agentName, source: input.source, verdict: input.verdict, findings: input.findings, textLength: row.textLength as number, conversationRef: input.conversationRef ?? null, occurredAt: input.occurredAt ?? now };
    });
    const insert = insertEvents.run(sql, rows);
    // Nothing is refused unless Free: the agents' statement goes out right behind the insert,
    // without waiting for its answer (a round trip fewer), and looks back for every blocked
    // event of the batch. Those that turn out duplicates are not in the table: the look-back
    // read a little more than it needed, and evaluation below gets only what was stored.
    const movedEarly = refusable ? null : advanceAgentsLastSeen(sql, scope, seenById, await spikeLookback(sql, scope.projectId, facts));
    movedEarly?.catch(() => undefined); // the insert's failure is the one reported
    const insertedIds = new Set((await insert).map((row) => row.id));
    const order = rowIds.filter((id) => insertedIds.has(id));

    const early = refusable && order.length > 0 ? await meterUnits(sql, scope.organizationId, order.length, now, policy) : null;
    const granted = early?.granted ?? order.length;
    const refused = new Set(order.slice(granted));
    if (refused.size > 0) {
      await sql.query(`DELETE FROM "ScanEvent" WHERE "projectId" = $1 AND "id" = ANY($2::text[])`, [scope.projectId, [...refused]]);
    }
    // Alert evaluation sees only what this call stored (never duplicates or dropped events).
    const kept = new Set(order.slice(0, granted));
    const stored = facts.filter((fact) => kept.has(fact.id));
    const lookback = await (movedEarly ?? advanceAgentsLastSeen(sql, scope, seenById, await spikeLookback(sql, scope.projectId, stored)));
    const matches = await evaluateNewEvents(sql, scope, stored, lookback);
    // The dashboard's hourly counts hold exactly the rows this transaction commits.
    const charge = policy?.allowsOverage && order.length > 0 ? overageCharge(order.length, now, policy) : undefined;
    // Nothing may follow the final statement. Free knows its usage already, and raises a due
    // quota alert after the rollups; a paid charge is judged in the statement (RUN_AGAIN).
    const final =
      commitWithRollups && !(early && (await quotaAlertDue(sql, scope.projectId, early.usage)))
        ? { quotaPercents: charge ? await quotaRulePercents(sql, scope.projectId) : [] }
        : undefined;
    const charged = await addEventHours(
      sql,
      scope,
      rows.flatMap((row, index) =>
        kept.has(rowIds[index]!) ? [{ agentId: row.agentId as string, verdict: row.verdict as string, categories: row.categories as string[], findings: inputs[index]!.findings, occurredAt: row.occurredAt as string }] : [],
      ),
      { first: matches.length > 0 ? alertUpsertStep(matches) : undefined, charge, final },
    );
    const metered = early ?? charged;
    if (metered && !final) await evaluateQuotaUsage(sql, scope, metered.usage);

    return rowIds.map((id): StoreResult => {
      if (refused.has(id)) return { status: "quota_exceeded", id: null };
      if (insertedIds.has(id)) return { status: "stored", id };
      return { status: "duplicate", id: null };
    });
  };
  // The lock order above rules out deadlocks between batches; a transcript writer that locks
  // alert and rollup rows in another order could still meet one, and a batch may run again.
  // So does one whose final statement found a quota alert due: then it commits on its own.
  try {
    if (options.sql) return await run(options.sql, false);
    try {
      return await withTransaction((sql) => run(sql, true), { retryDeadlocks: true });
    } catch (error) {
      if (!mustRunAgain(error)) throw error;
      return await withTransaction((sql) => run(sql, false), { retryDeadlocks: true });
    }
  } catch (error) {
    if ((error as { code?: unknown })?.code === FOREIGN_KEY_VIOLATION) forgetKnownAgents();
    throw error;
  }
}

export async function recordScanEvent(scope: ProjectScope, input: ScanEventInput): Promise<StoreResult> {
  const [result] = await storeScanEvents(scope, [input]);
  return result!;
}

const FOREIGN_KEY_VIOLATION = "23503";

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
