// The overview's event timeline: allowed / flagged / blocked per bucket, blocked stacked by
// threat category, every bucket of the range present (a quiet hour is a zero bar, not a gap
// the chart would bridge), in the viewer's zone. Input is what the SQL GROUP BY returns.
//
// Pure: rows in, chart-ready points out; components only draw (STYLE.md, Charts).
import { CATEGORIES } from "@/lib/detection/types";
import { bucketEdges, bucketIndexOf } from "./buckets";
import type { BucketSize } from "./time-range";
import { formatInZone } from "./zoned-time";

export { bucketEdges, bucketStarts, bucketIndexOf } from "./buckets";

export type EventVerdict = "allowed" | "flagged" | "blocked";

/**
 * One GROUP BY row. Each event must appear in exactly one row (group blocked events by ONE
 * category, e.g. `categories[1]`, not by unnest), so the stacks add up to the blocked count.
 * `count` may be a bigint: that is what COUNT(*) gives through $queryRaw.
 */
export interface TimelineRow {
  bucketStart: Date;
  verdict: EventVerdict;
  category: string | null;
  count: number | bigint;
}

/** Stack key of a blocked category: `blocked_code_execution`; no category: `blocked_uncategorized`. */
export type BlockedKey = `blocked_${string}`;

export function blockedKey(category: string | null): BlockedKey {
  return `blocked_${category ?? "uncategorized"}`;
}

export type TimelinePoint = {
  /** Bucket start and end, epoch ms (numbers: serialisable and what a time axis wants). */
  start: number;
  end: number;
  /** Short axis tick in the viewer's zone: "14:15", "Sun 06:00", "29 Mar". */
  label: string;
  /** Tooltip heading with date and zone: "Sun 29 Mar, 03:00 CEST". */
  title: string;
  allowed: number;
  flagged: number;
  blocked: number;
  total: number;
} & { [key: BlockedKey]: number };

export interface TimelineStack {
  key: BlockedKey;
  category: string | null;
  total: number;
}

export interface Timeline {
  points: TimelinePoint[];
  /** Blocked stack keys in a stable order (the detection categories' order, then others A-Z), so colours do not jump between views. Every point has every key. */
  stacks: TimelineStack[];
  totals: { allowed: number; flagged: number; blocked: number; total: number };
  /** Rows whose bucketStart fell outside the buckets (a mismatched query); counted nowhere else. */
  outsideRows: number;
  timeZone: string;
  bucket: BucketSize;
}

export interface TimelineOptions {
  range: { from: Date; to: Date };
  bucket: BucketSize;
  timeZone: string;
  /** Locale of the labels; en-GB gives 24-hour times and "29 Mar". */
  locale?: string;
}

const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

function compareCategories(a: string | null, b: string | null): number {
  // Uncategorised last; known categories in the engine's order; unknown ones alphabetically.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ia = CATEGORY_ORDER.get(a) ?? Number.POSITIVE_INFINITY;
  const ib = CATEGORY_ORDER.get(b) ?? Number.POSITIVE_INFINITY;
  return ia !== ib ? ia - ib : a.localeCompare(b);
}

/** Axis tick and tooltip formats by bucket size: times for sub-day buckets, dates for days. */
export function bucketLabel(start: number, bucket: BucketSize, timeZone: string, locale = "en-GB"): { label: string; title: string } {
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const label =
    bucket.unit === "day"
      ? formatInZone(start, timeZone, { day: "numeric", month: "short" }, locale)
      : bucket.unit === "hour" && bucket.step > 1
        ? formatInZone(start, timeZone, { weekday: "short", ...time }, locale)
        : formatInZone(start, timeZone, time, locale);
  const title =
    bucket.unit === "day"
      ? formatInZone(start, timeZone, { weekday: "short", day: "numeric", month: "short", year: "numeric" }, locale)
      : formatInZone(start, timeZone, { weekday: "short", day: "numeric", month: "short", ...time, timeZoneName: "short" }, locale);
  return { label, title };
}

/** Fill, bucket and stack GROUP BY rows into one point per bucket of the range. */
export function buildTimeline(rows: readonly TimelineRow[], options: TimelineOptions): Timeline {
  const { bucket, timeZone, locale } = options;
  const edges = bucketEdges(options.range, bucket, timeZone);
  const categories = new Set<string | null>();
  for (const r of rows) if (r.verdict === "blocked") categories.add(r.category);
  const stacks: TimelineStack[] = [...categories].sort(compareCategories).map((category) => ({ key: blockedKey(category), category, total: 0 }));

  const points: TimelinePoint[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!.getTime();
    const point: TimelinePoint = { start, end: edges[i + 1]!.getTime(), ...bucketLabel(start, bucket, timeZone, locale), allowed: 0, flagged: 0, blocked: 0, total: 0 };
    for (const s of stacks) point[s.key] = 0;
    points.push(point);
  }

  const totals = { allowed: 0, flagged: 0, blocked: 0, total: 0 };
  const stackByKey = new Map(stacks.map((s) => [s.key, s]));
  let outsideRows = 0;
  for (const r of rows) {
    const count = Number(r.count);
    if (!Number.isFinite(count) || count === 0) continue;
    const index = bucketIndexOf(edges, r.bucketStart);
    const point = points[index];
    if (!point) {
      outsideRows++;
      continue;
    }
    point[r.verdict] += count;
    point.total += count;
    totals[r.verdict] += count;
    totals.total += count;
    if (r.verdict === "blocked") {
      const key = blockedKey(r.category);
      point[key] = (point[key] ?? 0) + count;
      stackByKey.get(key)!.total += count;
    }
  }
  return { points, stacks, totals, outsideRows, timeZone, bucket };
}
