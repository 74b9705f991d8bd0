// The dashboard's range aggregates over events and messages, read from the hourly rollups for
// whole hours and from ScanEvent / Message for the rest (see rollup-plan.ts): the numbers are
// the ones a count over the detail rows gives, at a cost that grows with the hours of the range
// rather than with its events (bench/dashboard.ts, README "Dashboard").
import "server-only";
import { db } from "@/lib/db/client";
import { planRollupRead, utcWall, type Interval, type RollupPlan } from "./rollup-plan";
import type { TimelineRow } from "./timeline";

interface Scope {
  organizationId: string;
  projectId: string;
}

/** Collects bound parameters; `add` answers the placeholder. Scope is always $1 and $2. */
function parameters(scope: Scope) {
  const values: unknown[] = [scope.projectId, scope.organizationId];
  return { values, add: (value: unknown) => (values.push(value), `$${values.length}`) };
}

type Add = (value: unknown) => string;

/** WHERE clause of the rollup rows the plan reads ("false" when it reads none). */
function rollupHours(plan: RollupPlan, add: Add, alias = ""): string {
  if (!plan.hours) return "false";
  const hour = `${alias}"hour"`;
  const split = plan.splitHours.length ? ` AND ${hour} <> ALL (${add(plan.splitHours.map(utcWall))}::timestamp(3)[])` : "";
  return `${hour} >= ${add(utcWall(plan.hours.from))}::timestamp(3) AND ${hour} < ${add(utcWall(plan.hours.to))}::timestamp(3)${split}`;
}

/** WHERE clause of the detail rows the plan reads: a few disjoint intervals of `column`. */
function detailIntervals(plan: RollupPlan, add: Add, column: string): string {
  if (plan.detail.length === 0) return "false";
  return `(${plan.detail.map((i) => `(${column} >= ${add(utcWall(i.from))}::timestamp(3) AND ${column} < ${add(utcWall(i.to))}::timestamp(3))`).join(" OR ")})`;
}

export interface AgentEventCounts {
  name: string;
  lastSeenAt: Date;
  events: number;
  blocked: number;
  flagged: number;
}

/** How agents are ranked: the Overview's top agents and the Agents table order them differently. */
export const AGENT_ORDER = {
  topAgents: `blocked DESC, flagged DESC, a."name"`,
  agentsTable: `blocked DESC, flagged DESC, events DESC, a."name"`,
} as const;

/** Every agent of the project with its events in the range (zero when it had none), in `order`. */
export async function agentEventCounts(scope: Scope, range: Interval, order: keyof typeof AGENT_ORDER): Promise<AgentEventCounts[]> {
  const plan = planRollupRead(range);
  const { values, add } = parameters(scope);
  const rows = await db().$queryRawUnsafe<{ name: string; lastSeenAt: Date; events: bigint; blocked: bigint; flagged: bigint }[]>(
    `WITH counts AS (
       SELECT "agentId", "verdict", sum("count") AS n FROM "EventHour"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND ${rollupHours(plan, add)}
       GROUP BY 1, 2
       UNION ALL
       SELECT "agentId", "verdict", count(*) FROM "ScanEvent"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND ${detailIntervals(plan, add, `"occurredAt"`)}
       GROUP BY 1, 2
     ), per_agent AS (
       SELECT "agentId", sum(n) AS events, coalesce(sum(n) FILTER (WHERE "verdict" = 'blocked'), 0) AS blocked,
              coalesce(sum(n) FILTER (WHERE "verdict" = 'flagged'), 0) AS flagged
       FROM counts GROUP BY 1
     )
     SELECT a."name", a."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt",
            coalesce(p.events, 0) AS events, coalesce(p.blocked, 0) AS blocked, coalesce(p.flagged, 0) AS flagged
     FROM "Agent" a LEFT JOIN per_agent p ON p."agentId" = a."id"
     WHERE a."projectId" = $1 AND a."organizationId" = $2
     ORDER BY ${AGENT_ORDER[order]}`,
    ...values,
  );
  return rows.map((r) => ({ name: r.name, lastSeenAt: new Date(r.lastSeenAt), events: Number(r.events), blocked: Number(r.blocked), flagged: Number(r.flagged) }));
}

/**
 * The timeline's GROUP BY rows: events per bucket (1-based index into `starts`, as
 * width_bucket gives it), verdict and first category of blocked events, of the project or of
 * one agent. Hours a bucket edge cuts are read from ScanEvent, so each event lands in its bucket.
 */
export async function bucketedEventCounts(
  scope: Scope,
  range: Interval,
  starts: readonly Date[],
  agentId?: string,
): Promise<{ b: number; verdict: TimelineRow["verdict"]; category: string | null; count: bigint }[]> {
  const plan = planRollupRead(range, starts);
  const { values, add } = parameters(scope);
  const thresholds = add(starts.map((start) => start.toISOString()));
  const agent = agentId !== undefined ? `AND "agentId" = ${add(agentId)}` : "";
  return db().$queryRawUnsafe(
    `SELECT b, verdict, category, sum(n) AS count FROM (
       SELECT width_bucket(("hour" AT TIME ZONE 'UTC'), ${thresholds}::timestamptz[]) AS b, "verdict"::text AS verdict,
              nullif("category", '') AS category, sum("count") AS n
       FROM "EventHour" WHERE "projectId" = $1 AND "organizationId" = $2 ${agent} AND ${rollupHours(plan, add)}
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
