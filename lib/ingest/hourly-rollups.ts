// The dashboard's rollups (EventHour, its daily sum EventDay, ProjectEventHour and its 15-minute
// form ProjectEventQuarter, AgentFindingDay, MessageHour, MessageEdgeHour and its daily sum
// MessageEdgeDay), kept by the event and message writers:
// each batch's stored rows are counted in memory and added with one upsert per table in the
// writer's transaction, right before it commits, so a duplicate, a refused unit or a
// rolled-back batch never counts. The migrations 20261126180000_dashboard_rollups,
// 20261126190000_agents_rollups, 20261126200000_agent_edges, 20261127120000_quarter_hour_rollup
// and 20261127130000_agent_finding_days backfill them with the same rules (blocked events by
// their first category, others by none; EventDay by none; findings as findingDays counts them).
import "server-only";
import type { Sql, SqlStep } from "@/lib/db/sql";
import { SEVERITIES } from "@/lib/detection/types";
import type { MeteredUnits, OverageCharge } from "@/lib/usage/meter";
import type { ProjectScope } from "./record-event";

const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

// The last slot formatted, per slot length: a batch's rows nearly all fall in one hour, and
// formatting it again for each row (a Date and two replacements) was a tenth of a millisecond
// per batch of 100.
const lastSlot = new Map<number, { start: number; text: string }>();

/** Start of the UTC slot (an hour, a quarter hour) of an ISO instant, as the UTC wall clock a timestamp(3) column holds. */
function slotOf(iso: string, slotMs: number): string {
  const start = Math.floor(Date.parse(iso) / slotMs) * slotMs;
  const last = lastSlot.get(slotMs);
  if (last?.start === start) return last.text;
  const text = new Date(start).toISOString().replace("T", " ").replace("Z", "");
  lastSlot.set(slotMs, { start, text });
  return text;
}
const hourOf = (iso: string) => slotOf(iso, HOUR_MS);

/** Counts per key, keys sorted: concurrent batches then lock rollup rows in one order and never deadlock. */
function countSorted<K>(items: readonly K[], keyOf: (item: K) => string[]): { keys: string[][]; counts: number[] } {
  const counts = new Map<string, { key: string[]; n: number }>();
  for (const item of items) {
    const key = keyOf(item);
    const id = JSON.stringify(key);
    const entry = counts.get(id);
    if (entry) entry.n++;
    else counts.set(id, { key, n: 1 });
  }
  const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  return { keys: sorted.map((e) => e.key), counts: sorted.map((e) => e.n) };
}

export interface StoredEventFacts {
  agentId: string;
  verdict: string;
  /** Categories of the event's findings, first one first. */
  categories: readonly string[];
  /** The findings themselves, for AgentFindingDay (read only for flagged and blocked events). */
  findings: readonly { category?: unknown; rule?: unknown; severity?: unknown; score?: unknown }[];
  /** ISO instant. */
  occurredAt: string;
}

/**
 * One AgentFindingDay row per UTC day, agent, category and rule of the batch's flagged and
 * blocked events, sorted by key (lock order): the rules of the agent page's query and of the
 * migration 20261127130000_agent_finding_days's backfill (findings with a category and a rule;
 * an event counts once per rule; the highest severity as SEVERITIES' index; the highest score).
 */
function findingDays(events: readonly StoredEventFacts[]) {
  const rows = new Map<string, { key: string[]; findings: number; events: number; blocked: number; rank: number | null; score: number | null }>();
  for (const event of events) {
    if (event.verdict !== "flagged" && event.verdict !== "blocked") continue;
    const day = `${event.occurredAt.slice(0, 10)} 00:00:00`;
    const seen = new Set<string>();
    for (const f of event.findings) {
      if (typeof f.category !== "string" || typeof f.rule !== "string") continue;
      const key = [day, event.agentId, f.category, f.rule];
      const id = JSON.stringify(key);
      const row = rows.get(id) ?? { key, findings: 0, events: 0, blocked: 0, rank: null, score: null };
      row.findings++;
      if (!seen.has(id)) {
        seen.add(id);
        row.events++;
        if (event.verdict === "blocked") row.blocked++;
      }
      const rank = typeof f.severity === "string" ? (SEVERITIES as readonly string[]).indexOf(f.severity) : -1;
      if (rank >= 0) row.rank = Math.max(row.rank ?? rank, rank);
      if (typeof f.score === "number" && Number.isFinite(f.score)) row.score = Math.max(row.score ?? f.score, f.score);
      rows.set(id, row);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** The AgentFindingDay upsert, after `after` (a CTE of the rollups: rows are locked in one order). */
function findingDaysCte(rows: ReturnType<typeof findingDays>, first: number, after: string): { cte: string; values: unknown[] } {
  const [d, a, c, r, f, e, b, s, m] = Array.from({ length: 9 }, (_, i) => `$${first + i}`);
  return {
    cte: `finding_days AS (
    INSERT INTO "AgentFindingDay" ("organizationId", "projectId", "agentId", "day", "category", "rule", "findings", "events", "blocked", "severityRank", "maxScore")
    SELECT $1, $2, u.a, u.d, u.c, u.r, u.f, u.e, u.b, u.s, u.m
    FROM unnest(${d}::timestamp(3)[], ${a}::text[], ${c}::text[], ${r}::text[], ${f}::int[], ${e}::int[], ${b}::int[], ${s}::int[], ${m}::float8[]) WITH ORDINALITY AS u(d, a, c, r, f, e, b, s, m, i),
         (SELECT count(*) FROM ${after}) AS done
    ORDER BY u.i
    ON CONFLICT ("projectId", "agentId", "day", "category", "rule") DO UPDATE SET
      "findings" = "AgentFindingDay"."findings" + EXCLUDED."findings", "events" = "AgentFindingDay"."events" + EXCLUDED."events",
      "blocked" = "AgentFindingDay"."blocked" + EXCLUDED."blocked",
      "severityRank" = GREATEST("AgentFindingDay"."severityRank", EXCLUDED."severityRank"), "maxScore" = GREATEST("AgentFindingDay"."maxScore", EXCLUDED."maxScore")
    RETURNING 1
  ),
  all_rollups AS (SELECT (SELECT "rows" FROM ${after}) + (SELECT count(*) FROM finding_days) AS "rows")`,
    values: [rows.map((x) => x.key[0]), rows.map((x) => x.key[1]), rows.map((x) => x.key[2]), rows.map((x) => x.key[3]), rows.map((x) => x.findings), rows.map((x) => x.events), rows.map((x) => x.blocked), rows.map((x) => x.rank), rows.map((x) => x.score)],
  };
}

// EventHour, EventDay, ProjectEventHour and ProjectEventQuarter in one statement, from counts
// per 15-minute slot (r.q; its hour is r.h). Each table's rows come sorted, and `event_rollups`
// reads the four in this order, so they are written (and their rows locked) in this order,
// whatever the planner would do with unreferenced CTEs. `after`: a CTE that must be complete
// before (its count is read before any rollup row).
const eventRollups = (after: string | null) => `
  r AS (SELECT u.*, date_trunc('hour', u.q) AS h FROM unnest($3::timestamp(3)[], $4::text[], $5::text[], $6::text[], $7::int[]) AS u(q, a, v, c, n)${after ? `, (SELECT count(*) FROM ${after}) AS done` : ""}),
  per_agent AS (
    INSERT INTO "EventHour" ("organizationId", "projectId", "hour", "agentId", "verdict", "category", "count")
    SELECT $1, $2, h, a, v::"Verdict", c, sum(n) FROM r GROUP BY h, a, v, c ORDER BY h, a, v, c
    ON CONFLICT ("projectId", "hour", "agentId", "verdict", "category") DO UPDATE SET "count" = "EventHour"."count" + EXCLUDED."count"
    RETURNING 1
  ),
  per_agent_day AS (
    INSERT INTO "EventDay" ("organizationId", "projectId", "day", "agentId", "verdict", "count")
    SELECT $1, $2, date_trunc('day', h), a, v::"Verdict", sum(n) FROM r GROUP BY 3, 4, 5 ORDER BY 3, 4, 5
    ON CONFLICT ("projectId", "day", "agentId", "verdict") DO UPDATE SET "count" = "EventDay"."count" + EXCLUDED."count"
    RETURNING 1
  ),
  per_project AS (
    INSERT INTO "ProjectEventHour" ("organizationId", "projectId", "hour", "verdict", "category", "count")
    SELECT $1, $2, h, v::"Verdict", c, sum(n) FROM r GROUP BY h, v, c ORDER BY h, v, c
    ON CONFLICT ("projectId", "hour", "verdict", "category") DO UPDATE SET "count" = "ProjectEventHour"."count" + EXCLUDED."count"
    RETURNING 1
  ),
  per_project_quarter AS (
    INSERT INTO "ProjectEventQuarter" ("organizationId", "projectId", "quarter", "verdict", "category", "count")
    SELECT $1, $2, q, v::"Verdict", c, sum(n) FROM r GROUP BY q, v, c ORDER BY q, v, c
    ON CONFLICT ("projectId", "quarter", "verdict", "category") DO UPDATE SET "count" = "ProjectEventQuarter"."count" + EXCLUDED."count"
    RETURNING 1
  ),
  event_rollups AS (SELECT (SELECT count(*) FROM per_agent) + (SELECT count(*) FROM per_agent_day) + (SELECT count(*) FROM per_project) + (SELECT count(*) FROM per_project_quarter) AS "rows")`;

/**
 * Adds stored scan events to EventHour and EventDay (per agent), ProjectEventHour and
 * ProjectEventQuarter (the project's sums) and AgentFindingDay (what was found), in one statement. The writer can hand over what it would otherwise send just
 * before and after (a round trip each): `first`, run before the rollups (its alerts), and
 * `charge` (a paid batch's usage, which its writer charges last), run after them; every row
 * stays locked to commit either way. `final`: the statement is the writer's last, and carries
 * its COMMIT (Sql.finalQuery); should its charge cross one of the `quotaPercents` shares, the
 * quota alert must still be raised after it, so it aborts instead (RUN_AGAIN). Answers what the
 * charge granted.
 */
export async function addEventHours(
  sql: Sql,
  scope: ProjectScope,
  events: readonly StoredEventFacts[],
  steps: { first?: SqlStep; charge?: OverageCharge; final?: { quotaPercents: readonly number[] } } = {},
): Promise<MeteredUnits | null> {
  const { first, charge, final } = steps;
  if (events.length === 0) {
    if (first || charge) throw new Error("a writer's steps go with the rows they count");
    return null;
  }
  // The timeline stacks only blocked events by category, so only they keep one: fewer rows.
  const { keys, counts } = countSorted(events, (e) => [slotOf(e.occurredAt, QUARTER_MS), e.agentId, e.verdict, e.verdict === "blocked" ? (e.categories[0] ?? "") : ""]);
  const values: unknown[] = [scope.organizationId, scope.projectId, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), keys.map((k) => k[3]), counts];
  const ctes = [eventRollups(first?.name ?? null)];
  if (first) {
    ctes.unshift(first.cte(values.length + 1));
    values.push(...first.values);
  }
  let rollups = "event_rollups";
  const findings = findingDays(events);
  if (findings.length > 0) {
    const step = findingDaysCte(findings, values.length + 1, rollups);
    ctes.push(step.cte);
    values.push(...step.values);
    rollups = "all_rollups";
  }
  if (charge) {
    ctes.push(charge.ctes(values.length + 1, rollups));
    values.push(...charge.values);
  }
  let select = charge ? `"used" FROM usage_month` : `"rows" FROM ${rollups}`;
  if (charge && final && final.quotaPercents.length > 0) {
    // The quota rule's test (evaluators/quota.ts): usage from below to at least its share.
    values.push(final.quotaPercents);
    select = `"used", CASE WHEN "quota" > 0 AND EXISTS (
        SELECT 1 FROM unnest($${values.length}::float8[]) AS q(pct)
        WHERE "usedBefore"::float8 * 100 < q.pct * "quota" AND "used"::float8 * 100 >= q.pct * "quota"
      ) THEN warden_run_again('a quota alert is due') END AS "runAgain" FROM usage_month`;
  }
  const text = `WITH ${ctes.join(",\n")} SELECT ${select}`;
  const rows = await (final ? sql.finalQuery<{ used: number }>(text, values) : sql.query<{ used: number }>(text, values));
  return charge ? charge.result(Number(rows[0]!.used)) : null;
}

/** Adds stored messages to MessageHour. */
export async function addMessageHours(sql: Sql, scope: ProjectScope, messages: readonly { sender: string; sentAt: string }[]): Promise<void> {
  if (messages.length === 0) return;
  const { keys, counts } = countSorted(messages, (m) => [hourOf(m.sentAt), m.sender]);
  await sql.query(
    `INSERT INTO "MessageHour" ("organizationId", "projectId", "hour", "sender", "count")
     SELECT $1, $2, h, s, n FROM unnest($3::timestamp(3)[], $4::text[], $5::int[]) AS r(h, s, n)
     ON CONFLICT ("projectId", "hour", "sender") DO UPDATE SET "count" = "MessageHour"."count" + EXCLUDED."count"`,
    [scope.organizationId, scope.projectId, keys.map((k) => k[0]), keys.map((k) => k[1]), counts],
  );
}

export interface StoredMessageRoute {
  sender: string;
  recipients: readonly string[];
  recipientsExplicit: boolean;
  /** The verdict of the message's stored ScanEvent; null when it was not scanned. */
  verdict: string | null;
  /** ISO instant. */
  sentAt: string;
}

/**
 * Adds stored messages to MessageEdgeHour and MessageEdgeDay (the Agents page's flow graph):
 * one row per distinct recipient and one with recipient '' for the sender's own totals, the
 * rules of buildFlowGraph and of the migration 20261126200000_agent_edges's backfill.
 */
export async function addMessageEdges(sql: Sql, scope: ProjectScope, messages: readonly StoredMessageRoute[]): Promise<void> {
  if (messages.length === 0) return;
  const routes = messages.flatMap((m) =>
    ["", ...new Set(m.recipients)].map((recipient) => ({ hour: hourOf(m.sentAt), sender: m.sender, recipient, broadcast: !m.recipientsExplicit, verdict: m.verdict })),
  );
  const { keys, counts } = countSorted(routes, (r) => [r.hour, r.sender, r.recipient, r.broadcast ? "1" : "0", r.verdict ?? ""]);
  await sql.query(
    `WITH r AS (
       SELECT h, s, t, sum(n)::int AS n, (sum(n) FILTER (WHERE b))::int AS b, (sum(n) FILTER (WHERE v = 'flagged'))::int AS f, (sum(n) FILTER (WHERE v = 'blocked'))::int AS x
       FROM unnest($3::timestamp(3)[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::int[]) AS r(h, s, t, b, v, n) GROUP BY h, s, t
     ),
     per_hour AS (
       INSERT INTO "MessageEdgeHour" ("organizationId", "projectId", "hour", "sender", "recipient", "messages", "broadcast", "flagged", "blocked")
       SELECT $1, $2, h, s, t, n, coalesce(b, 0), coalesce(f, 0), coalesce(x, 0) FROM r ORDER BY h, s, t
       ON CONFLICT ("projectId", "hour", "sender", "recipient") DO UPDATE SET "messages" = "MessageEdgeHour"."messages" + EXCLUDED."messages",
         "broadcast" = "MessageEdgeHour"."broadcast" + EXCLUDED."broadcast", "flagged" = "MessageEdgeHour"."flagged" + EXCLUDED."flagged", "blocked" = "MessageEdgeHour"."blocked" + EXCLUDED."blocked"
     )
     INSERT INTO "MessageEdgeDay" ("organizationId", "projectId", "day", "sender", "recipient", "messages", "broadcast", "flagged", "blocked")
     SELECT $1, $2, date_trunc('day', h), s, t, sum(n), coalesce(sum(b), 0), coalesce(sum(f), 0), coalesce(sum(x), 0) FROM r GROUP BY 3, 4, 5 ORDER BY 3, 4, 5
     ON CONFLICT ("projectId", "day", "sender", "recipient") DO UPDATE SET "messages" = "MessageEdgeDay"."messages" + EXCLUDED."messages",
       "broadcast" = "MessageEdgeDay"."broadcast" + EXCLUDED."broadcast", "flagged" = "MessageEdgeDay"."flagged" + EXCLUDED."flagged", "blocked" = "MessageEdgeDay"."blocked" + EXCLUDED."blocked"`,
    [scope.organizationId, scope.projectId, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), keys.map((k) => k[3] === "1"), keys.map((k) => k[4]), counts],
  );
}
