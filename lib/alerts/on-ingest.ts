// Alert evaluation as data arrives, inside the ingest transaction: the writer hands over
// only what it has just stored, and the look-backs are bounded queries on existing
// indexes (Message (projectId, sender, sentAt) and (conversationId, seq); ScanEvent
// (projectId, verdict, occurredAt)). Nothing is evaluated for a re-sent transcript or a
// duplicate event, because nothing new was stored.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import { log } from "@/lib/log";
import { evaluateEventBatch, evaluateMessageBatch, evaluateQuotaRules, messageLookback, type RuleMatch } from "./evaluators";
import { MAX_EVIDENCE, type EventFact, type FindingFact, type MessageFact } from "./evaluators/facts";
import { COMPARED_CHARS } from "./evaluators/similarity";
import { raiseAlerts, type ProjectScope } from "./raise";
import { enabledRulesJson, type EnabledRuleRows, type RuleRow } from "./enabled-rules-sql";
import { RULE_PARAM_SCHEMAS, type BlockedSpikeParams, type EvaluableRule } from "./rule-types";

/** Upper bound of look-back rows per query, so one request's evaluation stays bounded. */
const LOOKBACK_ROWS = 5_000;

export function toEvaluableRule(row: RuleRow): EvaluableRule | null {
  const parsed = RULE_PARAM_SCHEMAS[row.type]?.safeParse(row.params);
  if (!parsed?.success) {
    log.warn({ ruleId: row.id }, "alert rule with invalid parameters skipped");
    return null;
  }
  return { id: row.id, name: row.name, type: row.type, params: parsed.data, agentPattern: row.agentPattern, severity: row.severity } as EvaluableRule;
}

export interface ProjectRules {
  rules: EvaluableRule[];
  /** Whether the project has an enabled webhook: without one, raising an alert queues nothing. */
  hasWebhooks: boolean;
}

// One read of the rules per transaction: the transcript path also stores scan events.
const rulesOfTransaction = new WeakMap<Sql, Promise<ProjectRules>>();

function projectRules(read: EnabledRuleRows): ProjectRules {
  return { rules: read.rules.map(toEvaluableRule).filter((rule): rule is EvaluableRule => rule !== null), hasWebhooks: read.hasWebhooks };
}

/** The project's enabled rules, read once per transaction; `read`: already read for this request. */
export function enabledRules(sql: Sql, projectId: string, read?: EnabledRuleRows): Promise<ProjectRules> {
  let rules = rulesOfTransaction.get(sql);
  if (!rules) {
    rules = read
      ? Promise.resolve(projectRules(read))
      : sql
          .query<{ read: EnabledRuleRows }>(`SELECT ${enabledRulesJson("$1")} AS "read"`, [projectId])
          .then((rows) => projectRules(rows[0]!.read));
    rulesOfTransaction.set(sql, rules);
  }
  return rules;
}

export interface StoredMessage {
  id: string;
  seq: number;
  sender: string;
  content: string;
  sentAt: Date;
}

// length() arrives as a number already, but a driver may hand a bigint-ish string: normalise.
const toFact = (row: MessageFact): MessageFact => ({ ...row, length: Number(row.length) });

/** New messages of one conversation, just stored by the transcript writer. */
export async function evaluateNewMessages(
  sql: Sql,
  scope: ProjectScope,
  conversation: { id: string; externalId: string; previousTotal: number },
  stored: readonly StoredMessage[],
): Promise<number> {
  if (stored.length === 0) return 0;
  const project = await enabledRules(sql, scope.projectId);
  const rules = project.rules.filter((r) => ["flooding", "repetition", "round_limit", "message_size"].includes(r.type));
  if (rules.length === 0) return 0;
  const fresh: MessageFact[] = stored.map((m) => ({ ...m, content: m.content.slice(0, COMPARED_CHARS), length: m.content.length }));
  const firstSeq = Math.min(...fresh.map((m) => m.seq));
  const { floodingSeconds, repetitionMessages } = messageLookback(rules);
  const prior = new Map<string, MessageFact>();

  if (floodingSeconds > 0 && conversation.previousTotal > 0) {
    const earliest = Math.min(...fresh.map((m) => m.sentAt.getTime()));
    const latest = Math.max(...fresh.map((m) => m.sentAt.getTime()));
    const rows = await sql.query<MessageFact>(
      `SELECT "id", "seq", "sender", left("content", ${COMPARED_CHARS}) AS "content", length("content") AS "length",
              "sentAt" AT TIME ZONE 'UTC' AS "sentAt"
         FROM "Message"
        WHERE "projectId" = $1 AND "sender" = ANY($2::text[])
          AND "sentAt" >= $3::timestamptz AT TIME ZONE 'UTC' AND "sentAt" <= $4::timestamptz AT TIME ZONE 'UTC'
          AND "conversationId" = $5 AND "seq" < $6
        ORDER BY "sentAt" DESC LIMIT ${LOOKBACK_ROWS}`,
      [scope.projectId, [...new Set(fresh.map((m) => m.sender))], new Date(earliest - floodingSeconds * 1000).toISOString(), new Date(latest).toISOString(), conversation.id, firstSeq],
    );
    for (const row of rows) prior.set(row.id, toFact(row));
  }
  if (repetitionMessages > 0 && firstSeq > 0) {
    const rows = await sql.query<MessageFact>(
      `SELECT "id", "seq", "sender", left("content", ${COMPARED_CHARS}) AS "content", length("content") AS "length",
              "sentAt" AT TIME ZONE 'UTC' AS "sentAt"
         FROM "Message" WHERE "conversationId" = $1 AND "seq" >= $2 AND "seq" < $3 AND "projectId" = $4`,
      [conversation.id, Math.max(0, firstSeq - repetitionMessages), firstSeq, scope.projectId],
    );
    for (const row of rows) prior.set(row.id, toFact(row));
  }

  const totalMessages = conversation.previousTotal + stored.length;
  // The share condition needs per-sender totals; skip the count when no sender could reach
  // the share even if every earlier message of the conversation were its own.
  const freshBySender = new Map<string, number>();
  for (const m of fresh) freshBySender.set(m.sender, (freshBySender.get(m.sender) ?? 0) + 1);
  const mostPossible = conversation.previousTotal + Math.max(...freshBySender.values());
  const shareRules = rules.filter(
    (r) => r.type === "flooding" && r.params.sharePercent !== null && totalMessages >= r.params.minMessages && mostPossible * 100 > r.params.sharePercent * totalMessages,
  );
  let senderTotals: Map<string, number> | null = null;
  if (shareRules.length > 0) {
    const rows = await sql.query<{ sender: string; count: number }>(
      `SELECT "sender", count(*)::int AS "count" FROM "Message"
        WHERE "conversationId" = $1 AND "projectId" = $2 AND "sender" = ANY($3::text[]) GROUP BY "sender"`,
      [conversation.id, scope.projectId, [...new Set(fresh.map((m) => m.sender))]],
    );
    senderTotals = new Map(rows.map((r) => [r.sender, Number(r.count)]));
  }

  const matches = evaluateMessageBatch(rules, {
    conversation: { id: conversation.id, externalId: conversation.externalId, totalMessages },
    previousTotal: conversation.previousTotal,
    prior: [...prior.values()],
    fresh,
    senderTotals,
  });
  return raiseAlerts(sql, scope, matches, project.hasWebhooks);
}

export interface StoredEvent {
  id: string;
  agentName: string;
  source: EventFact["source"];
  verdict: EventFact["verdict"];
  findings: readonly FindingFact[];
  textLength: number;
  conversationRef: string | null;
  occurredAt: Date;
}

/**
 * Whether evaluating these new events looks back for a blocked spike, and so must take the
 * spike lock first. The event writer asks, to take the lock at the end of its previous
 * statement (spikeLockSql) rather than in a round trip of its own.
 */
export async function needsSpikeLock(sql: Sql, projectId: string, stored: readonly StoredEvent[]): Promise<boolean> {
  return looksBackForSpike((await enabledRules(sql, projectId)).rules, stored);
}

const looksBackForSpike = (rules: readonly EvaluableRule[], events: readonly { verdict: string }[]) =>
  rules.some((r) => r.type === "blocked_spike") && events.some((e) => e.verdict === "blocked");

/**
 * New scan events, just stored by the event writer. `spikeLockHeld`: it took the spike lock
 * already. `raiseLater`: in a project without webhooks, the matches are answered rather than
 * raised, for the writer to raise in its next statement (alertUpsertStep); otherwise they are
 * raised here and the answer is empty.
 */
export async function evaluateNewEvents(
  sql: Sql,
  scope: ProjectScope,
  stored: readonly StoredEvent[],
  options: { spikeLockHeld?: boolean; raiseLater?: boolean } = {},
): Promise<RuleMatch[]> {
  if (stored.length === 0) return [];
  const project = await enabledRules(sql, scope.projectId);
  const rules = project.rules.filter((r) => ["blocked_spike", "threat", "message_size"].includes(r.type));
  if (rules.length === 0) return [];
  const fresh: EventFact[] = stored.map((e) => ({ ...e, findings: [...e.findings] }));
  const blocked = fresh.filter((e) => e.verdict === "blocked");
  const spikeRules = rules.flatMap((r) => (r.type === "blocked_spike" ? [r.params] : []));
  const lookback = looksBackForSpike(rules, fresh)
    ? await blockedLookback(sql, scope.projectId, blocked, spikeRules, options.spikeLockHeld ?? false)
    : { prior: [], truncated: new Set<string>() };
  const matches = evaluateEventBatch(rules, { priorBlocked: lookback.prior, fresh, truncated: lookback.truncated });
  if (options.raiseLater && !project.hasWebhooks) return matches;
  await raiseAlerts(sql, scope, matches, project.hasWebhooks);
  return [];
}

/**
 * Blocked events per look-back slice: any rule's threshold plus the evidence an alert keeps,
 * at most LOOKBACK_ROWS. During a long spike (the alert is open already) every batch reads
 * this many rows, not every blocked event of the window: with live traffic that was thousands
 * of rows per batch, read while the batch holds its agents' rows, and event ingest fell to a
 * fifth of its rate.
 */
function spikeSliceRows(rules: readonly BlockedSpikeParams[]): number {
  return Math.min(LOOKBACK_ROWS, Math.max(...rules.map((r) => r.minBlocked + MAX_EVIDENCE)));
}

// The blocked events nearest the new ones, within W of them: the newest at or before the
// newest new event, and (for late or replayed data) the oldest after it, each up to $6 rows.
// Per agent when a rule counts per agent, so one noisy agent cannot crowd out another's.
// Each slice is limited on ScanEvent alone, read in index order, and only the rows kept are
// joined to their agent's name: joined first, a generic plan hashed every blocked event of
// the window (about 2,000 in a spike) and sorted them, 3.8 ms of the database per batch.
const SLICE_COLUMNS = `e."id", e."agentId", e."source"::text AS "source", e."textLength", e."conversationRef",
  e."occurredAt" AT TIME ZONE 'UTC' AS "occurredAt"`;
const slices = (where: string) => `
  (SELECT ${SLICE_COLUMNS}, 'before' AS "slice" FROM "ScanEvent" e WHERE ${where} AND e."verdict" = 'blocked' AND NOT (e."id" = ANY($5::text[]))
     AND e."occurredAt" >= $2::timestamptz AT TIME ZONE 'UTC' AND e."occurredAt" <= $3::timestamptz AT TIME ZONE 'UTC'
   ORDER BY e."occurredAt" DESC LIMIT $6)
  UNION ALL
  (SELECT ${SLICE_COLUMNS}, 'after' AS "slice" FROM "ScanEvent" e WHERE ${where} AND e."verdict" = 'blocked' AND NOT (e."id" = ANY($5::text[]))
     AND e."occurredAt" > $3::timestamptz AT TIME ZONE 'UTC' AND e."occurredAt" <= $4::timestamptz AT TIME ZONE 'UTC'
   ORDER BY e."occurredAt" ASC LIMIT $6)`;
const LOOKBACK_COLUMNS = `x."id", a."name" AS "agentName", x."source", x."textLength", x."conversationRef", x."occurredAt", x."slice"`;
const LOOKBACK_PROJECT = `SELECT ${LOOKBACK_COLUMNS} FROM (${slices(`e."projectId" = $1`)}) AS x JOIN "Agent" a ON a."id" = x."agentId"`;
const LOOKBACK_PER_AGENT = `SELECT ${LOOKBACK_COLUMNS} FROM "Agent" a CROSS JOIN LATERAL (${slices(`e."projectId" = $1 AND e."agentId" = a."id"`)}) AS x
  WHERE a."projectId" = $1 AND a."name" = ANY($7::text[])`;

interface LookbackRow {
  id: string;
  agentName: string;
  source: EventFact["source"];
  textLength: number;
  conversationRef: string | null;
  occurredAt: Date;
  slice: "before" | "after";
}

// First key of the two-key transaction advisory lock ("SPKE") taken before the look-back; the
// second is a hash of the project id.
const SPIKE_LOCK_CLASS = 0x53504b45;

/** The spike lock of the project whose id is the parameter `projectParam`, as an SQL expression. */
export function spikeLockSql(projectParam: string): string {
  return `pg_advisory_xact_lock(${SPIKE_LOCK_CLASS}, hashtext(${projectParam}))`;
}

async function blockedLookback(sql: Sql, projectId: string, blocked: readonly EventFact[], rules: readonly BlockedSpikeParams[], lockHeld: boolean) {
  // Batches of one project that carry blocked events are judged one after the other, each
  // seeing every blocked event committed before it. Read concurrently, each saw only the rows
  // committed so far, and a spike split across concurrent batches (four agents blocked at once,
  // three events each, on a paid tier) opened no alert at all. The lock is held to commit, so
  // the next batch's look-back (a new statement, a new snapshot) sees this one's events.
  if (!lockHeld) await sql.query(`SELECT ${spikeLockSql("$1")}`, [projectId]);
  const windowMs = Math.max(...rules.map((r) => r.windowSeconds)) * 1000;
  const limit = spikeSliceRows(rules);
  const earliest = Math.min(...blocked.map((e) => e.occurredAt.getTime()));
  const latest = Math.max(...blocked.map((e) => e.occurredAt.getTime()));
  const params = [projectId, new Date(earliest - windowMs).toISOString(), new Date(latest).toISOString(), new Date(latest + windowMs).toISOString(), blocked.map((e) => e.id), limit];
  const prior = new Map<string, EventFact>();
  const truncated = new Set<string>();
  /** Keeps the rows; a subject whose slice came back full may have more beyond it. */
  const read = (rows: LookbackRow[], subjectOf: (agentName: string) => string) => {
    const perSlice = new Map<string, { subject: string; n: number }>();
    for (const { slice, ...row } of rows) {
      prior.set(row.id, { ...row, verdict: "blocked", findings: [] });
      const subject = subjectOf(row.agentName);
      const counted = perSlice.get(`${subject}|${slice}`) ?? { subject, n: 0 };
      counted.n++;
      perSlice.set(`${subject}|${slice}`, counted);
    }
    for (const { subject, n } of perSlice.values()) if (n >= limit) truncated.add(subject);
  };
  if (rules.some((r) => r.per === "project")) read(await sql.query<LookbackRow>(LOOKBACK_PROJECT, params), () => "project");
  if (rules.some((r) => r.per === "agent")) {
    const agents = [...new Set(blocked.map((e) => e.agentName))];
    read(await sql.query<LookbackRow>(LOOKBACK_PER_AGENT, [...params, agents]), (agentName) => `agent:${agentName}`);
  }
  return { prior: [...prior.values()], truncated };
}

/** After the usage meter was charged: a quota rule fires on the request that crosses its share. */
export async function evaluateQuotaUsage(
  sql: Sql,
  scope: ProjectScope,
  usage: { month: string; usedBefore: number; usedAfter: number; quota: number },
): Promise<number> {
  if (usage.usedAfter <= usage.usedBefore) return 0;
  const project = await enabledRules(sql, scope.projectId);
  const rules = project.rules.filter((r) => r.type === "quota");
  if (rules.length === 0) return 0;
  const matches = evaluateQuotaRules(rules, { ...usage, month: usage.month.slice(0, 7), at: new Date() });
  return raiseAlerts(sql, scope, matches, project.hasWebhooks);
}
