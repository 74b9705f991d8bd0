// The timeline's GROUP BY, shared by the Overview (a project's events) and an agent's page
// (one agent's events): bucketed in SQL with width_bucket on exactly the edges buildTimeline
// fills, so a bar never disagrees with the query behind it.
import "server-only";
import { db } from "@/lib/db/client";
import { bucketStarts, buildTimeline, type Timeline, type TimelineRow } from "./timeline";
import { chooseBucketSize, type TimeRange } from "./time-range";

interface Scope {
  organizationId: string;
  projectId: string;
}

/** The range's timeline, of every event of the project or only of `agentId`'s. */
export async function eventTimeline(scope: Scope, range: TimeRange, timeZone: string, agentId?: string): Promise<Timeline> {
  const bucket = chooseBucketSize(range);
  const starts = bucketStarts(range, bucket, timeZone);
  const params: unknown[] = [scope.projectId, scope.organizationId, starts.map((start) => start.toISOString()), range.from, range.to];
  if (agentId !== undefined) params.push(agentId);
  // One row per (bucket, verdict, first category): each event counted once, so the blocked
  // stacks add up to the blocked total. With an agent, the (projectId, agentId, occurredAt)
  // index serves the range.
  const grouped = await db().$queryRawUnsafe<{ b: number; verdict: TimelineRow["verdict"]; category: string | null; count: bigint }[]>(
    `SELECT width_bucket(("occurredAt" AT TIME ZONE 'UTC'), $3::timestamptz[]) AS b, verdict::text AS verdict,
            categories[1]::text AS category, count(*) AS count
     FROM "ScanEvent" WHERE "projectId" = $1 AND "organizationId" = $2 AND "occurredAt" >= $4 AND "occurredAt" < $5
       ${agentId !== undefined ? `AND "agentId" = $6` : ""}
     GROUP BY 1, 2, 3`,
    ...params,
  );
  const rows: TimelineRow[] = grouped
    .filter((row) => row.b >= 1 && row.b <= starts.length)
    .map((row) => ({ bucketStart: starts[row.b - 1]!, verdict: row.verdict, category: row.verdict === "blocked" ? row.category : null, count: row.count }));
  return buildTimeline(rows, { range, bucket, timeZone });
}
