import { describe, expect, it } from "vitest";
import { BUCKET_SIZES, type BucketSize } from "./time-range";
import { bucketEdges, bucketIndexOf, bucketStarts, buildTimeline, type TimelineRow } from "./timeline";
import { instantOfWallClock, startOfZonedDay, wallClockOf } from "./zoned-time";

const HOUR = 3_600_000;
const MIN = 60_000;
const d = (iso: string) => new Date(iso);
const lengthsInHours = (edges: Date[]) => edges.slice(1).map((e, i) => (e.getTime() - edges[i]!.getTime()) / HOUR);

function dayTimeline(from: string, to: string, timeZone: string, rows: TimelineRow[] = []) {
  return buildTimeline(rows, { range: { from: d(from), to: d(to) }, bucket: BUCKET_SIZES["1d"], timeZone });
}

describe("bucket filling", () => {
  it("gives every bucket of an empty range, all zero", () => {
    const t = buildTimeline([], { range: { from: d("2026-03-10T11:00:00Z"), to: d("2026-03-10T12:00:00Z") }, bucket: BUCKET_SIZES["1m"], timeZone: "UTC" });
    expect(t.points).toHaveLength(60);
    expect(t.points.every((p) => p.allowed === 0 && p.flagged === 0 && p.blocked === 0 && p.total === 0)).toBe(true);
    expect(t.points.map((p) => p.end - p.start)).toEqual(Array(60).fill(MIN));
    expect(t.points[0]!.label).toBe("11:00");
    expect(t.points[59]!.label).toBe("11:59");
    expect(t.stacks).toEqual([]);
    expect(t.totals).toEqual({ allowed: 0, flagged: 0, blocked: 0, total: 0 });
  });

  it("puts counts in their buckets and zeros between them (24h at 15 min: 96 bars)", () => {
    const range = { from: d("2026-03-09T12:00:00Z"), to: d("2026-03-10T12:00:00Z") };
    const rows: TimelineRow[] = [
      { bucketStart: d("2026-03-09T12:00:00Z"), verdict: "allowed", category: null, count: 5 },
      { bucketStart: d("2026-03-09T18:30:00Z"), verdict: "flagged", category: "pii", count: 2 },
      { bucketStart: d("2026-03-10T11:45:00Z"), verdict: "allowed", category: null, count: 1 },
    ];
    const t = buildTimeline(rows, { range, bucket: BUCKET_SIZES["15m"], timeZone: "UTC" });
    expect(t.points).toHaveLength(96);
    expect(t.points[0]!.allowed).toBe(5);
    expect(t.points[26]!.flagged).toBe(2); // 18:30 is 6.5 h = 26 quarter-hours in
    expect(t.points[95]!.allowed).toBe(1);
    expect(t.points.filter((p) => p.total > 0)).toHaveLength(3);
    expect(t.totals).toEqual({ allowed: 6, flagged: 2, blocked: 0, total: 8 });
  });

  it("covers a range that does not start on a bucket edge with the bucket containing its start", () => {
    const edges = bucketEdges({ from: d("2026-03-09T12:07:30Z"), to: d("2026-03-10T12:07:30Z") }, BUCKET_SIZES["15m"], "UTC");
    expect(edges[0]).toEqual(d("2026-03-09T12:00:00Z"));
    expect(edges[edges.length - 1]).toEqual(d("2026-03-10T12:15:00Z"));
    expect(edges).toHaveLength(98); // 97 buckets, the first and last partly outside the range
  });

  it("assigns a row by the bucket containing it, and counts rows outside the buckets instead of inventing bars", () => {
    const range = { from: d("2026-03-10T10:00:00Z"), to: d("2026-03-10T12:00:00Z") };
    const t = buildTimeline(
      [
        { bucketStart: d("2026-03-10T10:59:59.999Z"), verdict: "blocked", category: "pii", count: 1 },
        { bucketStart: d("2026-03-10T12:00:00Z"), verdict: "blocked", category: "pii", count: 7 },
        { bucketStart: d("2026-03-10T09:00:00Z"), verdict: "allowed", category: null, count: 3 },
      ],
      { range, bucket: BUCKET_SIZES["1h"], timeZone: "UTC" },
    );
    expect(t.points.map((p) => p.blocked)).toEqual([1, 0]);
    expect(t.outsideRows).toBe(2);
    expect(t.totals.total).toBe(1);
  });

  it("aligns fixed buckets to the viewer's wall clock, even at a +05:45 offset", () => {
    const edges = bucketEdges({ from: d("2026-03-10T00:00:00Z"), to: d("2026-03-10T03:00:00Z") }, BUCKET_SIZES["1h"], "Asia/Kathmandu");
    expect(edges[0]).toEqual(d("2026-03-09T23:15:00Z")); // 05:00 local
    const t = buildTimeline([], { range: { from: d("2026-03-10T00:00:00Z"), to: d("2026-03-10T03:00:00Z") }, bucket: BUCKET_SIZES["1h"], timeZone: "Asia/Kathmandu" });
    expect(t.points.map((p) => p.label)).toEqual(["05:00", "06:00", "07:00", "08:00"]);
  });

  it("gives the SQL side exactly the starts the chart fills", () => {
    const range = { from: d("2026-03-01T00:00:00Z"), to: d("2026-03-31T00:00:00Z") };
    const starts = bucketStarts(range, BUCKET_SIZES["1d"], "Europe/Berlin");
    const t = buildTimeline([], { range, bucket: BUCKET_SIZES["1d"], timeZone: "Europe/Berlin" });
    expect(starts.map((s) => s.getTime())).toEqual(t.points.map((p) => p.start));
    expect(bucketEdges(range, BUCKET_SIZES["1d"], "Europe/Berlin").slice(0, -1)).toEqual(starts);
  });

  it("refuses a bucket size that would produce an absurd number of buckets", () => {
    expect(() => bucketEdges({ from: d("2026-01-01T00:00:00Z"), to: d("2026-03-01T00:00:00Z") }, BUCKET_SIZES["1m"], "UTC")).toThrow(RangeError);
    expect(() => bucketEdges({ from: d("2026-01-02T00:00:00Z"), to: d("2026-01-01T00:00:00Z") }, BUCKET_SIZES["1h"], "UTC")).toThrow(RangeError);
  });
});

describe("bucketIndexOf", () => {
  const edges = [d("2026-01-01T00:00:00Z"), d("2026-01-02T00:00:00Z"), d("2026-01-03T00:00:00Z")];
  it("finds the half-open bucket [start, end) and -1 outside", () => {
    expect(bucketIndexOf(edges, d("2026-01-01T00:00:00Z"))).toBe(0);
    expect(bucketIndexOf(edges, d("2026-01-01T23:59:59.999Z"))).toBe(0);
    expect(bucketIndexOf(edges, d("2026-01-02T00:00:00Z"))).toBe(1);
    expect(bucketIndexOf(edges, d("2026-01-03T00:00:00Z"))).toBe(-1);
    expect(bucketIndexOf(edges, d("2025-12-31T23:59:59.999Z"))).toBe(-1);
    expect(bucketIndexOf([edges[0]!], edges[0]!)).toBe(-1);
  });
});

describe("day buckets across DST", () => {
  it("Europe/Berlin spring forward (29 Mar 2026): the 23-hour day is one bucket starting at local midnight", () => {
    const t = dayTimeline("2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z", "Europe/Berlin");
    expect(t.points.map((p) => p.label)).toEqual(["27 Mar", "28 Mar", "29 Mar", "30 Mar", "31 Mar"]);
    expect(t.points.map((p) => (p.end - p.start) / HOUR)).toEqual([24, 24, 23, 24, 24]);
    expect(new Date(t.points[2]!.start)).toEqual(d("2026-03-28T23:00:00Z")); // 00:00 CET
    expect(new Date(t.points[3]!.start)).toEqual(d("2026-03-29T22:00:00Z")); // 00:00 CEST
  });

  it("Europe/Berlin fall back (25 Oct 2026): the 25-hour day is one bucket", () => {
    const t = dayTimeline("2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z", "Europe/Berlin");
    expect(t.points.map((p) => p.label)).toEqual(["24 Oct", "25 Oct", "26 Oct"]);
    expect(t.points.map((p) => (p.end - p.start) / HOUR)).toEqual([24, 25, 24]);
    expect(new Date(t.points[1]!.start)).toEqual(d("2026-10-24T22:00:00Z"));
  });

  it("America/New_York spring forward (8 Mar 2026) and fall back (1 Nov 2026)", () => {
    const spring = dayTimeline("2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z", "America/New_York");
    expect(spring.points.map((p) => [p.label, (p.end - p.start) / HOUR])).toEqual([["7 Mar", 24], ["8 Mar", 23], ["9 Mar", 24]]);
    expect(new Date(spring.points[1]!.start)).toEqual(d("2026-03-08T05:00:00Z")); // 00:00 EST
    const fall = dayTimeline("2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", "America/New_York");
    expect(fall.points.map((p) => [p.label, (p.end - p.start) / HOUR])).toEqual([["31 Oct", 24], ["1 Nov", 25], ["2 Nov", 24]]);
    expect(new Date(fall.points[2]!.start)).toEqual(d("2026-11-02T05:00:00Z")); // 00:00 EST
  });

  it("puts an event at 23:30 local on the DST day into that day, not the next (NY fall back)", () => {
    // 1 Nov 2026 23:30 EST = 2 Nov 04:30 UTC: a UTC-day or fixed-24h bucketing would misplace it.
    const t = dayTimeline("2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", "America/New_York", [
      { bucketStart: d("2026-11-02T04:30:00Z"), verdict: "blocked", category: "code_execution", count: 1 },
    ]);
    expect(t.points.map((p) => p.blocked)).toEqual([0, 1, 0]);
  });

  it("starts a day whose midnight does not exist when the clock jumps (Santiago, 6 Sep 2026)", () => {
    const t = dayTimeline("2026-09-05T12:00:00Z", "2026-09-07T12:00:00Z", "America/Santiago");
    // ICU spells September "Sep" or "Sept" depending on its version: check the day numbers.
    expect(t.points.map((p) => p.label.split(" ")[0])).toEqual(["5", "6", "7"]);
    expect(new Date(t.points[1]!.start)).toEqual(d("2026-09-06T04:00:00Z")); // 01:00 -03, straight after 23:59:59 -04
    expect(t.points.map((p) => (p.end - p.start) / HOUR)).toEqual([24, 23, 24]);
  });

  it("keeps every day edge at local midnight over 30 days spanning a change", () => {
    const edges = bucketEdges({ from: d("2026-03-15T10:00:00Z"), to: d("2026-04-14T10:00:00Z") }, BUCKET_SIZES["1d"], "Europe/Berlin");
    expect(edges).toHaveLength(32);
    for (const e of edges) expect(wallClockOf(e.getTime(), "Europe/Berlin")).toMatchObject({ hour: 0, minute: 0, second: 0 });
    expect(lengthsInHours(edges).filter((h) => h !== 24)).toEqual([23]);
  });
});

describe("sub-day buckets across DST", () => {
  it("6-hour calendar buckets stay on local 00/06/12/18; the DST quarter is 5 hours (Berlin spring)", () => {
    const edges = bucketEdges({ from: d("2026-03-28T23:00:00Z"), to: d("2026-03-29T22:00:00Z") }, BUCKET_SIZES["6h"], "Europe/Berlin");
    expect(lengthsInHours(edges)).toEqual([5, 6, 6, 6]);
    expect(edges.map((e) => wallClockOf(e.getTime(), "Europe/Berlin").hour)).toEqual([0, 6, 12, 18, 0]);
    const t = buildTimeline([], { range: { from: edges[0]!, to: edges[4]! }, bucket: BUCKET_SIZES["6h"], timeZone: "Europe/Berlin" });
    expect(t.points.map((p) => p.label)).toEqual(["Sun 00:00", "Sun 06:00", "Sun 12:00", "Sun 18:00"]);
  });

  it("1-hour buckets stay one hour long through the repeated hour (NY fall back): 25 bars, 01:00 twice", () => {
    const bucket: BucketSize = BUCKET_SIZES["1h"];
    const t = buildTimeline([], { range: { from: d("2026-11-01T04:00:00Z"), to: d("2026-11-02T05:00:00Z") }, bucket, timeZone: "America/New_York" });
    expect(t.points).toHaveLength(25);
    expect(t.points.every((p) => p.end - p.start === HOUR)).toBe(true);
    expect(t.points.filter((p) => p.label === "01:00")).toHaveLength(2);
    // The tooltip tells the two 01:00 hours apart by their offset (en-GB prints "GMT-4" / "GMT-5").
    const titles = t.points.slice(0, 4).map((p) => p.title);
    expect(titles.map((x) => x.replace(/ (GMT|UTC)?[-+]?\d*$|\s[A-Z]{3,4}$/, ""))).toEqual(["Sun 1 Nov, 00:00", "Sun 1 Nov, 01:00", "Sun 1 Nov, 01:00", "Sun 1 Nov, 02:00"]);
    expect(titles[1]).not.toBe(titles[2]);
  });

  it("1-hour buckets skip the missing hour (Berlin spring): 23 bars with no 02:00", () => {
    const t = buildTimeline([], { range: { from: d("2026-03-28T23:00:00Z"), to: d("2026-03-29T22:00:00Z") }, bucket: BUCKET_SIZES["1h"], timeZone: "Europe/Berlin" });
    expect(t.points).toHaveLength(23);
    expect(t.points.map((p) => p.label)).not.toContain("02:00");
    expect(t.points.slice(1, 3).map((p) => p.label)).toEqual(["01:00", "03:00"]);
  });
});

describe("stacking by category", () => {
  const range = { from: d("2026-03-10T00:00:00Z"), to: d("2026-03-10T03:00:00Z") };
  const rows: TimelineRow[] = [
    { bucketStart: d("2026-03-10T00:00:00Z"), verdict: "blocked", category: "prompt_injection", count: 2 },
    { bucketStart: d("2026-03-10T00:00:00Z"), verdict: "blocked", category: "code_execution", count: 3 },
    { bucketStart: d("2026-03-10T00:00:00Z"), verdict: "allowed", category: null, count: 40 },
    { bucketStart: d("2026-03-10T01:00:00Z"), verdict: "blocked", category: "code_execution", count: 1n },
    { bucketStart: d("2026-03-10T01:00:00Z"), verdict: "blocked", category: null, count: 4 },
    { bucketStart: d("2026-03-10T01:00:00Z"), verdict: "blocked", category: "zz_custom", count: 1 },
    { bucketStart: d("2026-03-10T01:00:00Z"), verdict: "flagged", category: "pii", count: 6 },
  ];
  const t = buildTimeline(rows, { range, bucket: BUCKET_SIZES["1h"], timeZone: "UTC" });

  it("splits blocked counts into blocked_<category> keys that add up to blocked in every bucket", () => {
    expect(t.points[0]).toMatchObject({ allowed: 40, flagged: 0, blocked: 5, total: 45, blocked_prompt_injection: 2, blocked_code_execution: 3, blocked_uncategorized: 0, blocked_zz_custom: 0 });
    expect(t.points[1]).toMatchObject({ flagged: 6, blocked: 6, blocked_code_execution: 1, blocked_uncategorized: 4, blocked_zz_custom: 1, blocked_prompt_injection: 0 });
    for (const p of t.points) expect(t.stacks.reduce((sum, s) => sum + p[s.key]!, 0)).toBe(p.blocked);
  });

  it("gives every bucket every key (zero-filled) and orders stacks by the engine's categories, then others, uncategorised last", () => {
    expect(t.stacks.map((s) => s.key)).toEqual(["blocked_prompt_injection", "blocked_code_execution", "blocked_zz_custom", "blocked_uncategorized"]);
    expect(t.stacks.map((s) => s.total)).toEqual([2, 4, 1, 4]);
    expect(t.points[2]).toMatchObject({ blocked: 0, blocked_prompt_injection: 0, blocked_code_execution: 0, blocked_zz_custom: 0, blocked_uncategorized: 0 });
  });

  it("does not stack flagged or allowed rows (only blocked is broken down)", () => {
    expect(Object.keys(t.points[1]!).filter((k) => k.includes("pii"))).toEqual([]);
    expect(t.totals).toEqual({ allowed: 40, flagged: 6, blocked: 11, total: 57 });
  });
});

describe("zoned-time helpers", () => {
  it("maps a repeated wall time to its earlier instant and a skipped one to the end of the gap", () => {
    // 01:30 on 1 Nov 2026 happens twice in New York; 02:30 on 29 Mar 2026 never happens in Berlin.
    expect(new Date(instantOfWallClock(Date.UTC(2026, 10, 1, 1, 30), "America/New_York"))).toEqual(d("2026-11-01T05:30:00Z"));
    expect(new Date(instantOfWallClock(Date.UTC(2026, 2, 29, 2, 30), "Europe/Berlin"))).toEqual(d("2026-03-29T01:00:00Z"));
    expect(new Date(startOfZonedDay(d("2026-03-29T21:59:00Z").getTime(), "Europe/Berlin"))).toEqual(d("2026-03-28T23:00:00Z"));
  });
});
