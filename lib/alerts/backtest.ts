// "Try on the last 7 days": runs an unsaved rule's evaluator over the project's stored
// messages and events of the last seven days, writing nothing, and answers how many
// alerts it would have opened (one per subject, as deduplication would) and where.
// Bounded: at most MAX_ROWS rows are read, newest first; the answer says when it stopped.
import "server-only";
import { db } from "@/lib/db/client";
import { quotaPolicy, type Tier } from "@/lib/usage/quota";
import { evaluateEventBatch, evaluateMessageBatch, evaluateQuotaRules, type RuleMatch } from "./evaluators";
import type { EventFact, MessageFact } from "./evaluators/facts";
import { COMPARED_CHARS } from "./evaluators/similarity";
import type { ProjectScope } from "./raise";
import type { CreateRuleInput, EvaluableRule } from "./rule-types";

export const BACKTEST_DAYS = 7;
const MAX_ROWS = 20_000;
const MAX_LISTED = 50;

export interface BacktestResult {
  from: string;
  to: string;
  alerts: number;
  /** Every match counted, including repeated matches of a subject that would update its open alert. */
  matches: number;
  scanned: { messages: number; events: number };
  truncated: boolean;
  subjects: { subjectKey: string; title: string; agentName: string | null; conversationId: string | null; conversationExternalId: string | null; matches: number; lastSeenAt: string }[];
  agents: string[];
}

const MESSAGE_TYPES = new Set(["flooding", "repetition", "round_limit", "message_size"]);
const EVENT_TYPES = new Set(["blocked_spike", "threat", "message_size"]);

interface MessageRow extends MessageFact {
  conversationId: string;
  externalId: string;
}

async function messageMatches(scope: ProjectScope, rule: EvaluableRule, from: Date, to: Date) {
  // Only repetition compares texts; the other rules need lengths and times.
  const content = rule.type === "repetition" ? `left(m."content", ${COMPARED_CHARS})` : `''`;
  const rows = await db().$queryRawUnsafe<MessageRow[]>(
    `SELECT m."id", m."seq", m."sender", ${content} AS "content", length(m."content") AS "length",
            m."sentAt" AT TIME ZONE 'UTC' AS "sentAt", m."conversationId", c."externalId"
       FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
      WHERE m."projectId" = $1 AND m."organizationId" = $2
        AND m."sentAt" >= $3::timestamptz AT TIME ZONE 'UTC' AND m."sentAt" < $4::timestamptz AT TIME ZONE 'UTC'
      ORDER BY m."sentAt" DESC LIMIT ${MAX_ROWS + 1}`,
    scope.projectId,
    scope.organizationId,
    from.toISOString(),
    to.toISOString(),
  );
  const truncated = rows.length > MAX_ROWS;
  const byConversation = new Map<string, MessageRow[]>();
  for (const row of rows.slice(0, MAX_ROWS)) {
    const list = byConversation.get(row.conversationId) ?? [];
    list.push({ ...row, length: Number(row.length) });
    byConversation.set(row.conversationId, list);
  }
  const matches: RuleMatch[] = [];
  const externalIds = new Map<string, string>();
  for (const [conversationId, messages] of byConversation) {
    messages.sort((a, b) => a.seq - b.seq);
    externalIds.set(conversationId, messages[0]!.externalId);
    const senderTotals = new Map<string, number>();
    for (const m of messages) senderTotals.set(m.sender, (senderTotals.get(m.sender) ?? 0) + 1);
    // The whole window as one batch: what the conversation looked like at its last stored message.
    matches.push(
      ...evaluateMessageBatch([rule], {
        conversation: { id: conversationId, externalId: messages[0]!.externalId, totalMessages: messages.at(-1)!.seq + 1 },
        previousTotal: messages[0]!.seq,
        prior: [],
        fresh: messages,
        senderTotals,
      }),
    );
  }
  return { matches, scanned: Math.min(rows.length, MAX_ROWS), truncated, externalIds };
}

async function eventMatches(scope: ProjectScope, rule: EvaluableRule, from: Date, to: Date) {
  const filter =
    rule.type === "blocked_spike" ? `AND e."verdict" = 'blocked'` : rule.type === "threat" ? `AND cardinality(e."categories") > 0` : `AND e."textLength" > ${rule.type === "message_size" ? rule.params.maxChars : 0} AND e."source" <> 'transcript'`;
  const rows = await db().$queryRawUnsafe<(Omit<EventFact, "findings"> & { findings: unknown })[]>(
    `SELECT e."id", a."name" AS "agentName", e."source"::text AS "source", e."verdict"::text AS "verdict", e."findings",
            e."textLength", e."conversationRef", e."occurredAt" AT TIME ZONE 'UTC' AS "occurredAt"
       FROM "ScanEvent" e JOIN "Agent" a ON a."id" = e."agentId"
      WHERE e."projectId" = $1 AND e."organizationId" = $2
        AND e."occurredAt" >= $3::timestamptz AT TIME ZONE 'UTC' AND e."occurredAt" < $4::timestamptz AT TIME ZONE 'UTC' ${filter}
      ORDER BY e."occurredAt" DESC LIMIT ${MAX_ROWS + 1}`,
    scope.projectId,
    scope.organizationId,
    from.toISOString(),
    to.toISOString(),
  );
  const facts: EventFact[] = rows.slice(0, MAX_ROWS).map((row) => ({
    ...row,
    textLength: Number(row.textLength),
    findings: Array.isArray(row.findings) ? (row.findings as EventFact["findings"]) : [],
  }));
  return { matches: evaluateEventBatch([rule], { priorBlocked: [], fresh: facts }), scanned: facts.length, truncated: rows.length > MAX_ROWS };
}

async function quotaMatches(scope: ProjectScope, rule: EvaluableRule, from: Date, to: Date): Promise<RuleMatch[]> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: scope.organizationId }, select: { tier: true, monthlyEventQuota: true } });
  const { quota } = quotaPolicy({ tier: org.tier as Tier, monthlyEventQuota: org.monthlyEventQuota });
  const monthOfFrom = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const days = await db().usageDay.findMany({
    where: { organizationId: scope.organizationId, day: { gte: monthOfFrom, lt: to } },
    orderBy: { day: "asc" },
    select: { day: true, used: true },
  });
  const matches: RuleMatch[] = [];
  let month = "";
  let used = 0;
  for (const day of days) {
    const m = day.day.toISOString().slice(0, 7);
    if (m !== month) {
      month = m;
      used = 0;
    }
    const before = used;
    used += day.used;
    if (day.day.getTime() + 86_400_000 <= from.getTime()) continue;
    matches.push(...evaluateQuotaRules([rule], { month, usedBefore: before, usedAfter: used, quota, at: day.day }));
  }
  return matches;
}

export async function backtestRule(scope: ProjectScope, input: CreateRuleInput, now = new Date()): Promise<BacktestResult> {
  const rule = { id: "backtest", name: input.name, type: input.type, params: input.params, agentPattern: input.agentPattern, severity: input.severity } as EvaluableRule;
  const from = new Date(now.getTime() - BACKTEST_DAYS * 86_400_000);
  const matches: RuleMatch[] = [];
  let scannedMessages = 0;
  let scannedEvents = 0;
  let truncated = false;
  let externalIds = new Map<string, string>();
  if (MESSAGE_TYPES.has(rule.type)) {
    const result = await messageMatches(scope, rule, from, now);
    matches.push(...result.matches);
    scannedMessages = result.scanned;
    truncated ||= result.truncated;
    externalIds = result.externalIds;
  }
  if (EVENT_TYPES.has(rule.type)) {
    const result = await eventMatches(scope, rule, from, now);
    matches.push(...result.matches);
    scannedEvents = result.scanned;
    truncated ||= result.truncated;
  }
  if (rule.type === "quota") matches.push(...(await quotaMatches(scope, rule, from, now)));

  const bySubject = new Map<string, { match: RuleMatch["match"]; count: number }>();
  for (const { match } of matches) {
    const entry = bySubject.get(match.subjectKey);
    if (entry) {
      entry.count++;
      if (match.lastSeenAt > entry.match.lastSeenAt) entry.match = match;
    } else bySubject.set(match.subjectKey, { match, count: 1 });
  }
  const subjects = [...bySubject.entries()]
    .sort((a, b) => b[1].match.lastSeenAt.getTime() - a[1].match.lastSeenAt.getTime())
    .map(([subjectKey, { match, count }]) => ({
      subjectKey,
      title: match.title,
      agentName: match.agentName,
      conversationId: match.conversationId,
      conversationExternalId: match.conversationId ? (externalIds.get(match.conversationId) ?? null) : null,
      matches: count,
      lastSeenAt: match.lastSeenAt.toISOString(),
    }));
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    alerts: subjects.length,
    matches: matches.length,
    scanned: { messages: scannedMessages, events: scannedEvents },
    truncated,
    subjects: subjects.slice(0, MAX_LISTED),
    agents: [...new Set(subjects.flatMap((s) => (s.agentName ? [s.agentName] : [])))].sort(),
  };
}
