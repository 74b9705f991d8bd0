// The Overview page's data for one project and time range: tiles against the
// previous range, the blocked-event timeline bucketed in SQL on the same edges the
// chart uses, top agents by blocked events, and the month's quota.
import "server-only";
import { db } from "@/lib/db/client";
import { usageSummary } from "@/lib/usage/read";
import { buildTiles, type TileCounts } from "./tiles";
import { bucketStarts, buildTimeline, type TimelineRow } from "./timeline";
import { chooseBucketSize, previousRange, type TimeRange } from "./time-range";

interface Scope {
  organizationId: string;
  projectId: string;
}

async function tileCounts(scope: Scope, range: { from: Date; to: Date }): Promise<TileCounts> {
  const rows = await db().$queryRawUnsafe<{ events: bigint; blocked: bigint; agents: bigint }[]>(
    `SELECT count(*) AS events, count(*) FILTER (WHERE verdict = 'blocked') AS blocked, count(DISTINCT "agentId") AS agents
     FROM "ScanEvent" WHERE "projectId" = $1 AND "organizationId" = $2 AND "occurredAt" >= $3 AND "occurredAt" < $4`,
    scope.projectId,
    scope.organizationId,
    range.from,
    range.to,
  );
  const row = rows[0];
  // Alerts arrive with the alert rules; until then there is no count to show.
  return { events: Number(row?.events ?? 0), blocked: Number(row?.blocked ?? 0), activeAgents: Number(row?.agents ?? 0), openAlerts: null };
}

export async function overviewData(scope: Scope, range: TimeRange, timeZone: string) {
  const bucket = chooseBucketSize(range);
  const starts = bucketStarts(range, bucket, timeZone);
  const [current, previous, grouped, topAgents, usage] = await Promise.all([
    tileCounts(scope, range),
    tileCounts(scope, previousRange(range)),
    // One row per (bucket, verdict, first category): each event counted once, so the
    // blocked stacks add up to the blocked total.
    db().$queryRawUnsafe<{ b: number; verdict: "allowed" | "flagged" | "blocked"; category: string | null; count: bigint }[]>(
      `SELECT width_bucket(("occurredAt" AT TIME ZONE 'UTC'), $3::timestamptz[]) AS b, verdict::text AS verdict,
              categories[1]::text AS category, count(*) AS count
       FROM "ScanEvent" WHERE "projectId" = $1 AND "organizationId" = $2 AND "occurredAt" >= $4 AND "occurredAt" < $5
       GROUP BY 1, 2, 3`,
      scope.projectId,
      scope.organizationId,
      starts.map((start) => start.toISOString()),
      range.from,
      range.to,
    ),
    db().$queryRawUnsafe<{ name: string; blocked: bigint; flagged: bigint; total: bigint }[]>(
      `SELECT a.name, count(*) FILTER (WHERE e.verdict = 'blocked') AS blocked, count(*) FILTER (WHERE e.verdict = 'flagged') AS flagged, count(*) AS total
       FROM "ScanEvent" e JOIN "Agent" a ON a.id = e."agentId"
       WHERE e."projectId" = $1 AND e."organizationId" = $2 AND e."occurredAt" >= $3 AND e."occurredAt" < $4
       GROUP BY a.name HAVING count(*) FILTER (WHERE e.verdict IN ('blocked', 'flagged')) > 0
       ORDER BY blocked DESC, flagged DESC, a.name LIMIT 8`,
      scope.projectId,
      scope.organizationId,
      range.from,
      range.to,
    ),
    usageSummary(scope.organizationId),
  ]);
  const rows: TimelineRow[] = grouped
    .filter((row) => row.b >= 1 && row.b <= starts.length)
    .map((row) => ({ bucketStart: starts[row.b - 1]!, verdict: row.verdict, category: row.verdict === "blocked" ? row.category : null, count: row.count }));
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
    timeZone,
    tiles: buildTiles(current, previous),
    timeline: buildTimeline(rows, { range, bucket, timeZone }),
    topAgents: topAgents.map((a) => ({ name: a.name, blocked: Number(a.blocked), flagged: Number(a.flagged), total: Number(a.total) })),
    quota: { used: usage.used, quota: usage.quota, month: usage.month, tier: usage.tier },
  };
}

export type OverviewData = Awaited<ReturnType<typeof overviewData>>;
