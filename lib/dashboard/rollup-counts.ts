// The dashboard's range aggregates over events and messages, read from the hourly rollups for
// whole hours and from ScanEvent / Message for the rest (see rollup-plan.ts): the numbers are
// the ones a count over the detail rows gives, at a cost that grows with the hours of the range
// rather than with its events (bench/dashboard.ts, README "Dashboard").
import "server-only";
import { db } from "@/lib/db/client";
import { HOUR_MS, planDayRollupRead, planRollupRead, QUARTER_MS, utcWall, type DayRollupPlan, type Interval, type RollupPlan } from "./rollup-plan";
import type { TimelineRow } from "./timeline";

interface Scope {
  organizationId: string;
  projectId: string;
}

/** Collects bound parameters; `add` answers the placeholder. Scope is always $1 and $2. */
export function parameters(scope: Scope) {
  const values: unknown[] = [scope.projectId, scope.organizationId];
  return { values, add: (value: unknown) => (values.push(value), `$${values.length}`) };
}

type Add = (value: unknown) => string;

/** WHERE clause of the rollup rows the plan reads ("false" when it reads none); `column` holds the slot's start. */
function rollupHours(plan: RollupPlan, add: Add, column = "hour"): string {
  if (!plan.hours) return "false";
  const hour = `"${column}"`;
  const split = plan.splitHours.length ? ` AND ${hour} <> ALL (${add(plan.splitHours.map(utcWall))}::timestamp(3)[])` : "";
  return `${hour} >= ${add(utcWall(plan.hours.from))}::timestamp(3) AND ${hour} < ${add(utcWall(plan.hours.to))}::timestamp(3)${split}`;
}

/** WHERE clause of `column` inside any of `intervals` ("false" when there are none). */
export function within(intervals: readonly Interval[], add: Add, column: string): string {
  if (intervals.length === 0) return "false";
  return `(${intervals.map((i) => `(${column} >= ${add(utcWall(i.from))}::timestamp(3) AND ${column} < ${add(utcWall(i.to))}::timestamp(3))`).join(" OR ")})`;
}

/** WHERE clause of the detail rows the plan reads: a few disjoint intervals of `column`. */
function detailIntervals(plan: RollupPlan, add: Add, column: string): string {
  return within(plan.detail, add, column);
}

/**
 * Rows (agentId, verdict, n) that sum to each agent's events per verdict over the plan: whole UTC
 * days from EventDay, the hours around them from EventHour, the partial hours from ScanEvent.
 */
function agentVerdictCounts(plan: DayRollupPlan, add: Add): string {
  return `SELECT "agentId", "verdict", sum("count") AS n FROM "EventDay"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND ${plan.days ? within([plan.days], add, `"day"`) : "false"}
       GROUP BY 1, 2
       UNION ALL
       SELECT "agentId", "verdict", sum("count") FROM "EventHour"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND ${within(plan.hours, add, `"hour"`)}
       GROUP BY 1, 2
       UNION ALL
       SELECT "agentId", "verdict", count(*) FROM "ScanEvent"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND ${within(plan.detail, add, `"occurredAt"`)}
       GROUP BY 1, 2`;
}

export interface EventTotals {
  events: number;
  blocked: number;
  /** Agents with at least one event in the range. */
  activeAgents: number;
}

/** The Overview tiles' counts: events and blocked from the project-wide rollup, active agents by index probes. */
export async function eventTotals(scope: Scope, range: Interval): Promise<EventTotals> {
  const plan = planRollupRead(range);
  const { values, add } = parameters(scope);
  const hours = rollupHours(plan, add);
  const detail = detailIntervals(plan, add, `"occurredAt"`);
  const rows = await db().$queryRawUnsafe<{ events: bigint | null; blocked: bigint | null; agents: bigint }[]>(
    `SELECT sum(n) AS events, sum(n) FILTER (WHERE "verdict" = 'blocked') AS blocked,
            -- One index probe per agent that stops at its first row: counting distinct agents
            -- over the rollup would read every agent-hour of the range.
            (SELECT count(*) FROM "Agent" a WHERE a."projectId" = $1 AND a."organizationId" = $2
               AND (EXISTS (SELECT 1 FROM "EventHour" WHERE "projectId" = $1 AND "agentId" = a."id" AND ${hours})
                    OR EXISTS (SELECT 1 FROM "ScanEvent" WHERE "projectId" = $1 AND "agentId" = a."id" AND ${detail}))) AS agents
     FROM (SELECT "verdict", sum("count") AS n FROM "ProjectEventHour" WHERE "projectId" = $1 AND "organizationId" = $2 AND ${hours} GROUP BY 1
           UNION ALL
           SELECT "verdict", count(*) FROM "ScanEvent" WHERE "projectId" = $1 AND "organizationId" = $2 AND ${detail} GROUP BY 1) parts`,
    ...values,
  );
  const row = rows[0];
  return { events: Number(row?.events ?? 0), blocked: Number(row?.blocked ?? 0), activeAgents: Number(row?.agents ?? 0) };
}

export interface RiskyAgent {
  name: string;
  blocked: number;
  flagged: number;
  /** All of the agent's events in the range. */
  total: number;
}

/**
 * The agents with the most blocked (then flagged) events, with all their events in the range:
 * one aggregate over whole UTC days (EventDay), the hours around them (EventHour) and the
 * partial hours (ScanEvent), as the Agents table counts. Read from EventHour alone, thirty days
 * were 390,000 flagged and blocked agent-hours at 10 million events, most of the Overview's time.
 */
export async function topAgentsByRisk(scope: Scope, range: Interval, limit: number): Promise<RiskyAgent[]> {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const rows = await db().$queryRawUnsafe<{ name: string; blocked: bigint; flagged: bigint; total: bigint }[]>(
    `WITH counts AS (
       ${agentVerdictCounts(plan, add)}
     ), per_agent AS (
       SELECT "agentId", coalesce(sum(n) FILTER (WHERE "verdict" = 'blocked'), 0) AS blocked,
              coalesce(sum(n) FILTER (WHERE "verdict" = 'flagged'), 0) AS flagged, sum(n) AS total
       FROM counts GROUP BY 1
     )
     SELECT a."name", p.blocked, p.flagged, p.total
     FROM per_agent p JOIN "Agent" a ON a."id" = p."agentId" AND a."projectId" = $1 AND a."organizationId" = $2
     WHERE p.blocked > 0 OR p.flagged > 0
     ORDER BY p.blocked DESC, p.flagged DESC, a."name" LIMIT ${Math.trunc(limit)}`,
    ...values,
  );
  return rows.map((r) => ({ name: r.name, blocked: Number(r.blocked), flagged: Number(r.flagged), total: Number(r.total) }));
}

export interface AgentEventCounts {
  name: string;
  lastSeenAt: Date;
  events: number;
  blocked: number;
  flagged: number;
}

/** The statement behind agentEventCounts (exported for the test of its plan). */
export function agentEventCountsQuery(scope: Scope, range: Interval): { text: string; values: unknown[] } {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const text =
    // The project's agents and the range's counts are put together by one aggregate over
    // both, not joined: right after a burst of new agents the planner's row estimates are stale,
    // and with 20,000 new agents it chose to run the counts once per agent (200 million rows
    // compared, 80 s). An aggregate costs the same whatever the estimates.
    `WITH counts AS (
       ${agentVerdictCounts(plan, add)}
     ), per_agent AS (
       SELECT "agentId", max("name") AS "name", max("lastSeenAt") AS "lastSeenAt", coalesce(sum(n), 0) AS events,
              coalesce(sum(n) FILTER (WHERE "verdict" = 'blocked'), 0) AS blocked, coalesce(sum(n) FILTER (WHERE "verdict" = 'flagged'), 0) AS flagged
       FROM (
         SELECT a."id" AS "agentId", a."name", a."lastSeenAt", NULL::"Verdict" AS "verdict", NULL::numeric AS n
         FROM "Agent" a WHERE a."projectId" = $1 AND a."organizationId" = $2
         UNION ALL
         SELECT "agentId", NULL, NULL, "verdict", n FROM counts
       ) both_parts
       GROUP BY 1
     )
     SELECT "name", "lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt", events, blocked, flagged
     FROM per_agent WHERE "name" IS NOT NULL
     ORDER BY blocked DESC, flagged DESC, events DESC, "name"`;
  return { text, values };
}

/**
 * Every agent of the project with its events in the range (zero when it had none), most
 * blocked first (the Agents table): whole UTC days from EventDay, the hours around them from
 * EventHour and the partial hours at the ends from ScanEvent, so a 30-day range reads about
 * one row per agent, day and verdict instead of one per agent-hour.
 */
export async function agentEventCounts(scope: Scope, range: Interval): Promise<AgentEventCounts[]> {
  const { text, values } = agentEventCountsQuery(scope, range);
  const rows = await db().$queryRawUnsafe<{ name: string; lastSeenAt: Date; events: bigint; blocked: bigint; flagged: bigint }[]>(text, ...values);
  return rows.map((r) => ({ name: r.name, lastSeenAt: new Date(r.lastSeenAt), events: Number(r.events), blocked: Number(r.blocked), flagged: Number(r.flagged) }));
}

/**
 * The timeline's GROUP BY rows: events per bucket (1-based index into `starts`, as
 * width_bucket gives it), verdict and first category of blocked events, of the project or of
 * one agent (EventHour; the project's from ProjectEventHour). Hours a bucket edge cuts are
 * read from ScanEvent, so each event lands in its bucket.
 */
export async function bucketedEventCounts(
  scope: Scope,
  range: Interval,
  starts: readonly Date[],
  agentId?: string,
): Promise<{ b: number; verdict: TimelineRow["verdict"]; category: string | null; count: bigint }[]> {
  // Bar edges inside an hour (bars shorter than an hour, or a zone at a :30 or :45 offset) cut
  // hours, which would then be read from ScanEvent: a 24-hour range in 15-minute bars, every
  // hour of it. The project's 15-minute rollup answers those (every zone's offset is a multiple
  // of 15 minutes), and only what is left, finer bars and the range's partial ends, is detail.
  const useQuarters = agentId === undefined && starts.some((start) => start.getTime() % HOUR_MS !== 0);
  const plan = useQuarters ? planRollupRead(range, starts, QUARTER_MS) : planRollupRead(range, starts);
  const { values, add } = parameters(scope);
  const thresholds = add(starts.map((start) => start.toISOString()));
  const agent = agentId !== undefined ? `AND "agentId" = ${add(agentId)}` : "";
  const [table, slot] = agentId !== undefined ? ["EventHour", "hour"] : useQuarters ? ["ProjectEventQuarter", "quarter"] : ["ProjectEventHour", "hour"];
  return db().$queryRawUnsafe(
    `SELECT b, verdict, category, sum(n) AS count FROM (
       SELECT width_bucket(("${slot}" AT TIME ZONE 'UTC'), ${thresholds}::timestamptz[]) AS b, "verdict"::text AS verdict,
              nullif("category", '') AS category, sum("count") AS n
       FROM "${table}" WHERE "projectId" = $1 AND "organizationId" = $2 ${agent} AND ${rollupHours(plan, add, slot)}
       GROUP BY 1, 2, 3
       UNION ALL
       SELECT width_bucket(("occurredAt" AT TIME ZONE 'UTC'), ${thresholds}::timestamptz[]), "verdict"::text,
              CASE WHEN "verdict" = 'blocked' THEN "categories"[1]::text END, count(*)
       FROM "ScanEvent" WHERE "projectId" = $1 AND "organizationId" = $2 ${agent} AND ${detailIntervals(plan, add, `"occurredAt"`)}
       GROUP BY 1, 2, 3
     ) parts GROUP BY 1, 2, 3`,
    ...values,
  );
}

/** Messages sent in the range, per sender (or only `sender`'s). */
export async function messageCountsBySender(scope: Scope, range: Interval, sender?: string): Promise<Map<string, number>> {
  const plan = planRollupRead(range);
  const { values, add } = parameters(scope);
  const only = sender !== undefined ? `AND "sender" = ${add(sender)}` : "";
  const rows = await db().$queryRawUnsafe<{ sender: string; count: bigint }[]>(
    `SELECT sender, sum(n) AS count FROM (
       SELECT "sender", sum("count") AS n FROM "MessageHour"
       WHERE "projectId" = $1 AND "organizationId" = $2 ${only} AND ${rollupHours(plan, add)} GROUP BY 1
       UNION ALL
       SELECT "sender", count(*) FROM "Message"
       WHERE "projectId" = $1 AND "organizationId" = $2 ${only} AND ${detailIntervals(plan, add, `"sentAt"`)} GROUP BY 1
     ) parts GROUP BY 1`,
    ...values,
  );
  return new Map(rows.map((r) => [r.sender, Number(r.count)]));
}
