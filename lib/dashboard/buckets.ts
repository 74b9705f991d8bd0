// Bucket boundaries for a time range, computed once and used on both sides: the route buckets
// in SQL with exactly these edges and the timeline preparer fills and labels the same buckets,
// so a bar never disagrees with the query behind it.
//
// In SQL, PostgreSQL's width_bucket with an array of thresholds takes any edges, including
// 23- and 25-hour days:
//   SELECT width_bucket("occurredAt", $starts::timestamptz[]) AS b, verdict, categories[1], count(*)
//   FROM "ScanEvent" WHERE "projectId" = $p AND "occurredAt" >= $from AND "occurredAt" < $to
//   GROUP BY 1, 2, 3
// b is 1-based: bucketStart = starts[b - 1]. (date_trunc/date_bin in SQL cannot do the
// viewer's DST-aware days without the zone database matching Node's, hence edges from here.)
import { isCalendarBucket, type BucketSize } from "./time-range";
import { instantOfWallClock, wallClockMs, wallClockOf } from "./zoned-time";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Refuse absurd requests (1-minute buckets over a quarter) instead of allocating millions of edges. */
export const MAX_EDGES = 10_000;

/**
 * Edges of the buckets covering [from, to): `edges[i]` starts bucket i and `edges[i + 1]` ends
 * it; the first edge is at or before `from` (the bucket containing `from`, aligned to the
 * zone's wall clock) and the last at or after `to`. The first and last buckets can therefore be
 * partly outside the range; the query's WHERE clause bounds what is counted in them.
 */
export function bucketEdges(range: { from: Date; to: Date }, size: BucketSize, timeZone: string): Date[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!(to > from)) throw new RangeError("bucketEdges: the range must end after it starts");
  const edges: number[] = [];
  const push = (t: number) => {
    if (edges.length >= MAX_EDGES) throw new RangeError(`bucketEdges: more than ${MAX_EDGES} buckets; choose a larger bucket size`);
    edges.push(t);
  };

  if (!isCalendarBucket(size)) {
    // Fixed length: align the first edge to the local wall clock (so 15-minute buckets start at
    // :00/:15 even in UTC+05:45), then step in absolute time. Whole-hour DST shifts keep the
    // alignment for steps that divide an hour; only half-hour DST zones (Lord Howe) drift by 30 min.
    const wallFrom = wallClockMs(from, timeZone);
    let t = from - (wallFrom - Math.floor(wallFrom / size.ms) * size.ms);
    push(t);
    while (t < to) push((t += size.ms));
    return edges.map((e) => new Date(e));
  }

  // Calendar buckets: walk the wall clock (local 00:00, 06:00, ... or local midnights) and
  // convert each wall time to its instant, so DST lengthens or shortens a bucket instead of
  // shifting every later boundary.
  const w = wallClockOf(from, timeZone);
  const stepWallMs = size.unit === "day" ? size.step * DAY_MS : size.step * HOUR_MS;
  const alignedHour = size.unit === "day" ? 0 : Math.floor(w.hour / size.step) * size.step;
  let wall = Date.UTC(w.year, w.month - 1, w.day, alignedHour);
  push(instantOfWallClock(wall, timeZone));
  while (edges[edges.length - 1]! < to) {
    wall += stepWallMs;
    const t = instantOfWallClock(wall, timeZone);
    // Two wall times inside one DST gap map to the same instant: keep one edge.
    if (t > edges[edges.length - 1]!) push(t);
  }
  return edges.map((e) => new Date(e));
}

/** Start instants of the buckets (the thresholds array for width_bucket). */
export function bucketStarts(range: { from: Date; to: Date }, size: BucketSize, timeZone: string): Date[] {
  return bucketEdges(range, size, timeZone).slice(0, -1);
}

/**
 * Index of the bucket containing `instant` (edges as from bucketEdges), or -1 outside them.
 * Binary search, so rows bucketed by any rule (or raw timestamps) land in the right bar.
 */
export function bucketIndexOf(edges: readonly Date[], instant: Date | number): number {
  const t = typeof instant === "number" ? instant : instant.getTime();
  if (edges.length < 2 || t < edges[0]!.getTime() || t >= edges[edges.length - 1]!.getTime()) return -1;
  let lo = 0;
  let hi = edges.length - 1; // invariant: edges[lo] <= t < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]!.getTime() <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
