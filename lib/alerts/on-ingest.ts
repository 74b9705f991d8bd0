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

/**
 * New messages of one conversation, just stored by the transcript writer. In a project without
 * webhooks the matches are answered, for the writer to raise in its next statement
 * (alertUpsertStep, a round trip fewer); otherwise they are raised here and the answer is empty.
 */
export async function evaluateNewMessages(
  sql: Sql,
  scope: ProjectScope,
  conversation: { id: string; externalId: string; previousTotal: number },
  stored: readonly StoredMessage[],
): Promise<RuleMatch[]> {
  if (stored.length === 0) return [];
  const project = await enabledRules(sql, scope.projectId);
  const rules = project.rules.filter((r) => ["flooding", "repetition", "round_limit", "message_size"].includes(r.type));
  if (rules.length === 0) return [];
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
  if (!project.hasWebhooks) return matches;
  await raiseAlerts(sql, scope, matches, true);
  return [];
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

/** What the spike rules' evaluation knows of blocked events stored before the new ones. */
export interface Lookback {
  prior: EventFact[];
  /** Subjects whose slice came back full: more blocked events may lie beyond it. */
  truncated: Set<string>;
}

export const NO_LOOKBACK: Lookback = { prior: [], truncated: new Set() };

/**
 * The look-back that judging new events' blocked spikes needs: a call of the database function
 * warden_blocked_lookback (see its migration), which takes the project's spike lock and only
 * then reads, so that batches carrying blocked events are judged one after the other, each
 * seeing every blocked event committed before it. Read concurrently, each saw only the rows
 * committed so far, and a spike split across concurrent batches (four agents blocked at once,
 * three events each, on a paid tier) opened no alert at all. The event writer runs it in the
 * statement that moves its agents' last-seen time (a round trip fewer).
 */
export interface SpikeLookback {
  /**
   * The look-back as the rest of a statement whose $1 is the project id: `from` is what the
   * calls read from, `after` a value of it they wait for; its values are numbered from $first.
   */
  select(from: string, after: string, first: number): string;
  values: unknown[];
  read(rows: readonly LookbackRow[]): Lookback;
}

export interface LookbackRow {
  id: string;
  agentName: string;
  source: EventFact["source"];
  textLength: number;
  conversationRef: string | null;
  occurredAt: Date;
  slice: "before" | "after";
  per: "project" | "agent";
}

/** The look-back these new events need, or null when the project's rules judge them without one. */
export async function spikeLookback(sql: Sql, projectId: string, stored: readonly StoredEvent[]): Promise<SpikeLookback | null> {
  const rules = (await enabledRules(sql, projectId)).rules.flatMap((r) => (r.type === "blocked_spike" ? [r.params] : []));
  const blocked = stored.filter((e) => e.verdict === "blocked");
  if (rules.length === 0 || blocked.length === 0) return null;
  const windowMs = Math.max(...rules.map((r) => r.windowSeconds)) * 1000;
  const limit = spikeSliceRows(rules);
  const earliest = Math.min(...blocked.map((e) => e.occurredAt.getTime()));
  const latest = Math.max(...blocked.map((e) => e.occurredAt.getTime()));
  const perAgent = rules.some((r) => r.per === "agent");
  const values: unknown[] = [
    new Date(earliest - windowMs).toISOString(),
    new Date(latest).toISOString(),
    new Date(latest + windowMs).toISOString(),
    blocked.map((e) => e.id),
    limit,
    ...(perAgent ? [[...new Set(blocked.map((e) => e.agentName))]] : []),
  ];
  const pers = [...new Set(rules.map((r) => r.per))];
  return {
    select: (from, after, first) =>
      pers
        .map((per) => {
          const [f, a, t, x, l, agents] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
          const call = `warden_blocked_lookback($1, ${f}::timestamptz, ${a}::timestamptz, ${t}::timestamptz, ${x}::text[], ${l}::int, ${per === "agent" ? `${agents}::text[]` : "NULL"}, ${after})`;
          return `SELECT l.*, '${per}' AS "per" FROM ${from} CROSS JOIN LATERAL ${call} AS l`;
        })
        .join(" UNION ALL "),
    values,
    read: (rows) => {
      const prior = new Map<string, EventFact>();
      const perSlice = new Map<string, { subject: string; n: number }>();
      for (const { slice, per, ...row } of rows) {
        prior.set(row.id, { ...row, verdict: "blocked", findings: [] });
        const subject = per === "project" ? "project" : `agent:${row.agentName}`;
        const counted = perSlice.get(`${subject}|${slice}`) ?? { subject, n: 0 };
        counted.n++;
        perSlice.set(`${subject}|${slice}`, counted);
      }
      const truncated = new Set<string>();
      for (const { subject, n } of perSlice.values()) if (n >= limit) truncated.add(subject);
      return { prior: [...prior.values()], truncated };
    },
  };
}

/**
 * New scan events, just stored by the event writer, with the look-back their spike rules
 * need (spikeLookback). As for messages, in a project without webhooks the matches are
 * answered, for the writer to raise in its next statement (alertUpsertStep); otherwise they
 * are raised here and the answer is empty.
 */
export async function evaluateNewEvents(sql: Sql, scope: ProjectScope, stored: readonly StoredEvent[], lookback: Lookback): Promise<RuleMatch[]> {
  if (stored.length === 0) return [];
  const project = await enabledRules(sql, scope.projectId);
  const rules = project.rules.filter((r) => ["blocked_spike", "threat", "message_size"].includes(r.type));
  if (rules.length === 0) return [];
  const fresh: EventFact[] = stored.map((e) => ({ ...e, findings: [...e.findings] }));
  const matches = evaluateEventBatch(rules, { priorBlocked: lookback.prior, fresh, truncated: lookback.truncated });
  if (!project.hasWebhooks) return matches;
  await raiseAlerts(sql, scope, matches, true);
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

type Usage = { month: string; usedBefore: number; usedAfter: number; quota: number };

/** A quota rule fires on the request whose charge crosses its share of the quota. */
async function quotaMatches(sql: Sql, projectId: string, usage: Usage): Promise<RuleMatch[]> {
  if (usage.usedAfter <= usage.usedBefore) return [];
  const rules = (await enabledRules(sql, projectId)).rules.filter((r) => r.type === "quota");
  if (rules.length === 0) return [];
  return evaluateQuotaRules(rules, { ...usage, month: usage.month.slice(0, 7), at: new Date() });
}

/** After the usage meter was charged: raises the quota rules' alerts it crossed. */
export async function evaluateQuotaUsage(sql: Sql, scope: ProjectScope, usage: Usage): Promise<number> {
  const matches = await quotaMatches(sql, scope.projectId, usage);
  if (matches.length === 0) return 0;
  return raiseAlerts(sql, scope, matches, (await enabledRules(sql, scope.projectId)).hasWebhooks);
}

/** Whether raising quota alerts after this charge would raise any. */
export async function quotaAlertDue(sql: Sql, projectId: string, usage: Usage): Promise<boolean> {
  return (await quotaMatches(sql, projectId, usage)).length > 0;
}

/** The shares (percent of the quota) of the project's enabled quota rules. */
export async function quotaRulePercents(sql: Sql, projectId: string): Promise<number[]> {
  return (await enabledRules(sql, projectId)).rules.flatMap((r) => (r.type === "quota" ? [r.params.percent] : []));
}
