// Which part of a time range the hourly rollups (EventHour, MessageHour) can answer and which
// part must be read from the detail tables. A rollup row counts one whole UTC hour, so it can
// stand in for the detail rows only when the hour lies inside the range and no bucket edge
// cuts through it; the partial hours at the range's ends and any hour a bucket edge splits
// (15-minute buckets, zones at :30 or :45 offsets) are read from ScanEvent / Message instead.
// Together the two parts cover the range exactly once, so the sums equal a detail count.
//
// Pure, so the split is unit-tested on its own (rollup-plan.test.ts).

export const HOUR_MS = 3_600_000;

export interface Interval {
  from: Date;
  to: Date;
}

export interface RollupPlan {
  /** Whole UTC hours read from the rollup: hour >= from and hour < to, except `splitHours`. Null when there are none. */
  hours: Interval | null;
  /** Starts of the hours inside `hours` that a cut splits; their rows come from `detail`. */
  splitHours: Date[];
  /** Half-open intervals read from the detail table, disjoint, sorted, adjacent ones merged. */
  detail: Interval[];
}

/** Length of a ProjectEventQuarter slot. */
export const QUARTER_MS = 900_000;

/**
 * Splits [range.from, range.to) into whole rollup slots (hours, or `slotMs`: the 15-minute
 * ProjectEventQuarter) and detail intervals, so that every instant of the range is in exactly
 * one and no rollup slot contains one of `cuts` (bucket edges) strictly inside it. (`hours` and
 * `splitHours` then hold slots.)
 */
export function planRollupRead(range: Interval, cuts: readonly Date[] = [], slotMs = HOUR_MS): RollupPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!(to > from)) return { hours: null, splitHours: [], detail: [] };
  const firstWhole = Math.ceil(from / slotMs) * slotMs;
  const lastWhole = Math.floor(to / slotMs) * slotMs;
  if (firstWhole >= lastWhole) return { hours: null, splitHours: [], detail: [{ from: new Date(from), to: new Date(to) }] };

  const split = new Set<number>();
  for (const cut of cuts) {
    const t = cut.getTime();
    if (t > firstWhole && t < lastWhole && t % slotMs !== 0) split.add(Math.floor(t / slotMs) * slotMs);
  }
  const pieces: [number, number][] = [];
  if (from < firstWhole) pieces.push([from, firstWhole]);
  for (const slot of [...split].sort((a, b) => a - b)) pieces.push([slot, slot + slotMs]);
  if (lastWhole < to) pieces.push([lastWhole, to]);
  const merged: [number, number][] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last[1] === piece[0]) last[1] = piece[1];
    else merged.push([...piece]);
  }
  // Every slot split: nothing is left for the rollup (a 24-hour range in 15-minute buckets, read by hours).
  const hours = split.size === (lastWhole - firstWhole) / slotMs ? null : { from: new Date(firstWhole), to: new Date(lastWhole) };
  return {
    hours,
    splitHours: hours ? [...split].sort((a, b) => a - b).map((t) => new Date(t)) : [],
    detail: merged.map(([a, b]) => ({ from: new Date(a), to: new Date(b) })),
  };
}

const DAY_MS = 24 * HOUR_MS;

export interface DayRollupPlan {
  /** Whole UTC days read from the daily rollup: day >= from and day < to. Null when there are none. */
  days: Interval | null;
  /** Whole UTC hours outside those days read from the hourly rollup (at most one run before and one after). */
  hours: Interval[];
  /** Half-open intervals read from the detail table: the partial hours at the range's ends. */
  detail: Interval[];
}

/**
 * Splits [range.from, range.to) into whole UTC days (daily rollup), the whole hours around
 * them (hourly rollup) and the partial hours at the ends (detail), each instant in exactly
 * one: the pieces before the first and after the last whole day are planned by planRollupRead.
 */
export function planDayRollupRead(range: Interval): DayRollupPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(to / DAY_MS) * DAY_MS;
  const days = firstDay < lastDay ? { from: new Date(firstDay), to: new Date(lastDay) } : null;
  const pieces = days
    ? [
        { from: range.from, to: days.from },
        { from: days.to, to: range.to },
      ]
    : [range];
  const plans = pieces.filter((piece) => piece.to.getTime() > piece.from.getTime()).map((piece) => planRollupRead(piece));
  return { days, hours: plans.flatMap((plan) => (plan.hours ? [plan.hours] : [])), detail: plans.flatMap((plan) => plan.detail) };
}

/** An instant as the UTC wall-clock text that a timestamp(3) column holds ("2026-03-10 12:00:00.000"). */
export function utcWall(instant: Date): string {
  return instant.toISOString().replace("T", " ").replace("Z", "");
}
