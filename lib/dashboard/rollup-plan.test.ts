import { describe, expect, it } from "vitest";
import { bucketStarts } from "./buckets";
import { planDayRollupRead, planRollupRead, QUARTER_MS, utcWall } from "./rollup-plan";
import { BUCKET_SIZES } from "./time-range";

const at = (iso: string) => new Date(iso);
const iso = (intervals: { from: Date; to: Date }[]) => intervals.map((i) => [i.from.toISOString(), i.to.toISOString()]);

/** Every minute of the range must be read exactly once: by the rollup (a whole unsplit hour) or from the detail. */
function coverage(range: { from: Date; to: Date }, cuts: Date[] = []) {
  const plan = planRollupRead(range, cuts);
  const split = new Set(plan.splitHours.map((h) => h.getTime()));
  const counts: number[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += 60_000) {
    const hour = Math.floor(t / 3_600_000) * 3_600_000;
    const inRollup = plan.hours !== null && hour >= plan.hours.from.getTime() && hour < plan.hours.to.getTime() && !split.has(hour);
    const inDetail = plan.detail.filter((i) => t >= i.from.getTime() && t < i.to.getTime()).length;
    counts.push((inRollup ? 1 : 0) + inDetail);
  }
  return counts;
}

describe("planRollupRead", () => {
  it("reads whole hours from the rollup and the partial hours at both ends from the detail table", () => {
    const plan = planRollupRead({ from: at("2026-03-01T07:17:23.456Z"), to: at("2026-03-01T19:42:00Z") });
    expect(plan.hours).toEqual({ from: at("2026-03-01T08:00:00Z"), to: at("2026-03-01T19:00:00Z") });
    expect(plan.splitHours).toEqual([]);
    expect(iso(plan.detail)).toEqual([
      ["2026-03-01T07:17:23.456Z", "2026-03-01T08:00:00.000Z"],
      ["2026-03-01T19:00:00.000Z", "2026-03-01T19:42:00.000Z"],
    ]);
  });

  it("in 15-minute slots, answers a day of 15-minute bars from the rollup except the partial slots at its ends", () => {
    const range = { from: at("2026-03-01T07:17:23.456Z"), to: at("2026-03-02T07:17:23.456Z") };
    for (const zone of ["UTC", "Asia/Kolkata", "Asia/Kathmandu"]) {
      const cuts = bucketStarts(range, BUCKET_SIZES["15m"], zone);
      // By hours, every hour is cut and the whole day is read from the detail table.
      expect(planRollupRead(range, cuts).hours).toBeNull();
      const plan = planRollupRead(range, cuts, QUARTER_MS);
      expect(plan.hours).toEqual({ from: at("2026-03-01T07:30:00Z"), to: at("2026-03-02T07:15:00Z") });
      expect(plan.splitHours).toEqual([]);
      expect(iso(plan.detail)).toEqual([
        ["2026-03-01T07:17:23.456Z", "2026-03-01T07:30:00.000Z"],
        ["2026-03-02T07:15:00.000Z", "2026-03-02T07:17:23.456Z"],
      ]);
    }
    // Five-minute bars cut the slots too: what they cut comes from the detail table.
    const fine = planRollupRead(range, bucketStarts(range, BUCKET_SIZES["5m"], "UTC"), QUARTER_MS);
    expect(fine.hours).toBeNull();
  });

  it("needs no detail read for a range on hour boundaries", () => {
    const plan = planRollupRead({ from: at("2026-03-01T00:00:00Z"), to: at("2026-03-08T00:00:00Z") });
    expect(plan.detail).toEqual([]);
    expect(plan.hours).toEqual({ from: at("2026-03-01T00:00:00Z"), to: at("2026-03-08T00:00:00Z") });
  });

  it("reads a range without a whole hour from the detail table only", () => {
    expect(planRollupRead({ from: at("2026-03-05T10:05:00Z"), to: at("2026-03-05T10:55:00Z") })).toEqual({
      hours: null,
      splitHours: [],
      detail: [{ from: at("2026-03-05T10:05:00Z"), to: at("2026-03-05T10:55:00Z") }],
    });
  });

  it("reads the hours that day buckets of a half-hour zone cut from the detail table", () => {
    const range = { from: at("2026-03-01T10:10:00Z"), to: at("2026-03-04T10:10:00Z") };
    const starts = bucketStarts(range, BUCKET_SIZES["1d"], "Asia/Kolkata"); // local midnight = 18:30 UTC
    const plan = planRollupRead(range, starts);
    expect(plan.splitHours).toEqual([at("2026-03-01T18:00:00Z"), at("2026-03-02T18:00:00Z"), at("2026-03-03T18:00:00Z")]);
    expect(coverage(range, starts).every((n) => n === 1)).toBe(true);
  });

  it("leaves nothing to the rollup when every hour is cut (15-minute buckets), merging the detail into one interval", () => {
    const range = { from: at("2026-03-01T10:10:00Z"), to: at("2026-03-02T10:10:00Z") };
    const plan = planRollupRead(range, bucketStarts(range, BUCKET_SIZES["15m"], "UTC"));
    expect(plan.hours).toBeNull();
    expect(plan.detail).toEqual([range]);
  });

  it("covers every instant exactly once, whatever the range and the cuts", () => {
    const ranges = [
      { from: at("2026-03-29T00:30:00Z"), to: at("2026-03-30T05:45:00Z") },
      { from: at("2026-03-01T23:59:59.999Z"), to: at("2026-03-02T01:00:00.001Z") },
    ];
    for (const range of ranges) {
      for (const zone of ["UTC", "Europe/Berlin", "Asia/Kathmandu"]) {
        for (const size of [BUCKET_SIZES["1h"], BUCKET_SIZES["6h"], BUCKET_SIZES["1d"]]) {
          expect(coverage(range, bucketStarts(range, size, zone)).every((n) => n === 1)).toBe(true);
        }
      }
    }
  });

  it("writes instants as the UTC wall clock a timestamp(3) column holds", () => {
    expect(utcWall(at("2026-03-10T12:00:00.5Z"))).toBe("2026-03-10 12:00:00.500");
  });
});

describe("planDayRollupRead", () => {
  /** Every minute read exactly once: by a whole day, a whole hour or the detail. */
  function dayCoverage(range: { from: Date; to: Date }) {
    const plan = planDayRollupRead(range);
    const within = (t: number, i: { from: Date; to: Date }) => t >= i.from.getTime() && t < i.to.getTime();
    const counts: number[] = [];
    for (let t = range.from.getTime(); t < range.to.getTime(); t += 60_000) {
      const day = Math.floor(t / 86_400_000) * 86_400_000;
      const hour = Math.floor(t / 3_600_000) * 3_600_000;
      const inDays = plan.days !== null && day >= plan.days.from.getTime() && day < plan.days.to.getTime() ? 1 : 0;
      const inHours = plan.hours.filter((i) => within(hour, i)).length;
      counts.push(inDays + inHours + plan.detail.filter((i) => within(t, i)).length);
    }
    return counts;
  }

  it("reads whole days from the daily rollup, the hours around them hourly and the partial hours from the detail", () => {
    const plan = planDayRollupRead({ from: at("2026-03-01T07:17:00Z"), to: at("2026-03-04T19:42:00Z") });
    expect(plan.days).toEqual({ from: at("2026-03-02T00:00:00Z"), to: at("2026-03-04T00:00:00Z") });
    expect(iso(plan.hours)).toEqual([
      ["2026-03-01T08:00:00.000Z", "2026-03-02T00:00:00.000Z"],
      ["2026-03-04T00:00:00.000Z", "2026-03-04T19:00:00.000Z"],
    ]);
    expect(iso(plan.detail)).toEqual([
      ["2026-03-01T07:17:00.000Z", "2026-03-01T08:00:00.000Z"],
      ["2026-03-04T19:00:00.000Z", "2026-03-04T19:42:00.000Z"],
    ]);
  });

  it("covers every minute exactly once, with and without whole days, aligned or not", () => {
    const ranges = [
      ["2026-03-01T07:17:00Z", "2026-03-04T19:42:00Z"],
      ["2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z"],
      ["2026-03-01T05:00:00Z", "2026-03-02T04:00:00Z"],
      ["2026-03-01T23:30:00Z", "2026-03-02T00:30:00Z"],
      ["2026-03-01T10:10:00Z", "2026-03-01T10:50:00Z"],
      ["2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"],
    ];
    for (const [from, to] of ranges) expect(new Set(dayCoverage({ from: at(from!), to: at(to!) }))).toEqual(new Set([1]));
  });

  it("plans nothing for an empty range", () => {
    expect(planDayRollupRead({ from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T10:00:00Z") })).toEqual({ days: null, hours: [], detail: [] });
  });
});
