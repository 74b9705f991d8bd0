// The timeline's GROUP BY, shared by the Overview (a project's events) and an agent's page
// (one agent's events): bucketed in SQL with width_bucket on exactly the edges buildTimeline
// fills, so a bar never disagrees with the query behind it.
import "server-only";
import { bucketedEventCounts } from "./rollup-counts";
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
  // One row per (bucket, verdict, first category): each event counted once, so the blocked
  // stacks add up to the blocked total. Whole hours come from the EventHour rollup.
  const grouped = await bucketedEventCounts(scope, range, starts, agentId);
  const rows: TimelineRow[] = grouped
    .filter((row) => row.b >= 1 && row.b <= starts.length)
    .map((row) => ({ bucketStart: starts[row.b - 1]!, verdict: row.verdict, category: row.verdict === "blocked" ? row.category : null, count: row.count }));
  return buildTimeline(rows, { range, bucket, timeZone });
}
