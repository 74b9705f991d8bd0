import { describe, expect, it } from "vitest";
import {
  BUCKET_SIZES,
  MAX_BUCKETS,
  chooseBucketSize,
  customRangeFromInputs,
  describeSelection,
  fromZonedInputValue,
  isCalendarBucket,
  readRangeSelection,
  toZonedInputValue,
  withRangeSelection,
  parseTimeRange,
  previousRange,
  rangeLengthMs,
  timeRangeOrDefault,
  timeRangeToParams,
  type TimeRange,
} from "./time-range";

const now = new Date("2026-03-10T12:07:30Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ok(params: Parameters<typeof parseTimeRange>[0]) {
  const r = parseTimeRange(params, now);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.field}: ${r.error.message}`);
  return r;
}

function fail(params: Parameters<typeof parseTimeRange>[0]) {
  const r = parseTimeRange(params, now);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

describe("parseTimeRange", () => {
  it("defaults to the last 24 hours ending now, in UTC, when nothing is given", () => {
    const r = ok({});
    expect(r.range).toEqual({ from: new Date(now.getTime() - DAY), to: now, preset: "24h" });
    expect(r.timeZone).toBe("UTC");
  });

  it.each([
    ["1h", HOUR],
    ["24h", DAY],
    ["7d", 7 * DAY],
    ["30d", 30 * DAY],
  ] as const)("reads the preset %s as the interval of that length ending now", (preset, length) => {
    const r = ok(new URLSearchParams({ range: preset }));
    expect(r.range.preset).toBe(preset);
    expect(r.range.to).toEqual(now);
    expect(rangeLengthMs(r.range)).toBe(length);
  });

  it("reads an explicit from/to pair (any offset) as instants, and it wins over range", () => {
    const r = ok({ range: "1h", from: "2026-03-01T00:00:00+01:00", to: "2026-03-02T00:00:00Z" });
    expect(r.range).toEqual({ from: new Date("2026-02-28T23:00:00Z"), to: new Date("2026-03-02T00:00:00Z"), preset: null });
  });

  it("takes the viewer's zone from tz and rejects unknown zones", () => {
    expect(ok({ tz: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
    expect(fail({ tz: "Mars/Olympus" }).field).toBe("tz");
    expect(fail({ tz: "+02:00" }).field).toBe("tz");
  });

  it("rejects an unknown preset, naming the field", () => {
    const e = fail({ range: "2w" });
    expect(e.field).toBe("range");
    expect(e.message).toContain("1h, 24h, 7d, 30d");
  });

  it("rejects half a pair, a reversed or empty pair, a non-ISO value and a range over 93 days", () => {
    expect(fail({ from: "2026-03-01T00:00:00Z" }).field).toBe("to");
    expect(fail({ to: "2026-03-01T00:00:00Z" }).field).toBe("from");
    expect(fail({ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" }).message).toMatch(/after/);
    expect(fail({ from: "2026-03-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }).message).toMatch(/after/);
    expect(fail({ from: "yesterday", to: "2026-03-01T00:00:00Z" }).field).toBe("from");
    expect(fail({ from: "2026-03-01T00:00:00", to: "2026-03-02T00:00:00" }).field).toBe("from"); // no offset: ambiguous
    expect(fail({ from: "2025-01-01T00:00:00Z", to: "2025-06-01T00:00:00Z" }).message).toMatch(/93 days/);
    expect(ok({ from: "2025-01-01T00:00:00Z", to: "2025-04-04T00:00:00Z" }).range.preset).toBeNull(); // exactly 93 days
  });

  it("rejects times PostgreSQL cannot store (the year 0000, a year past 9999 in UTC), naming the field", () => {
    const zero = fail({ from: "0000-01-01T00:00:00Z", to: "0000-01-02T00:00:00Z" });
    expect(zero.field).toBe("from");
    expect(zero.message).toContain("between the years 0001 and 9999");
    expect(fail({ from: "9999-12-31T00:00:00Z", to: "9999-12-31T23:00:00-14:00" }).field).toBe("to");
  });

  it("treats empty values as absent and takes the first of repeated values", () => {
    expect(ok({ range: "", from: "", to: "", tz: "" }).range.preset).toBe("24h");
    expect(ok({ range: ["7d", "1h"] }).range.preset).toBe("7d");
    expect(ok(new URLSearchParams("range=1h&range=30d")).range.preset).toBe("1h");
  });
});

describe("timeRangeOrDefault", () => {
  it("falls back to the default range with a warning, keeping a valid zone", () => {
    const r = timeRangeOrDefault({ range: "forever", tz: "America/New_York" }, now);
    expect(r.range).toEqual({ from: new Date(now.getTime() - DAY), to: now, preset: "24h" });
    expect(r.timeZone).toBe("America/New_York");
    expect(r.warning).toMatch(/range must be one of/);
    expect(timeRangeOrDefault({ range: "7d" }, now).warning).toBeNull();
  });
});

describe("previousRange", () => {
  it("is the adjacent range of equal length just before", () => {
    const range: TimeRange = { from: new Date("2026-03-03T00:00:00Z"), to: new Date("2026-03-10T00:00:00Z"), preset: null };
    expect(previousRange(range)).toEqual({ from: new Date("2026-02-24T00:00:00Z"), to: range.from, preset: null });
    const day = ok({ range: "24h" }).range;
    const prev = previousRange(day);
    expect(rangeLengthMs(prev)).toBe(DAY);
    expect(prev.to).toEqual(day.from);
  });
});

describe("timeRangeToParams", () => {
  it("round-trips presets and explicit ranges through the URL", () => {
    const preset = ok({ range: "7d" }).range;
    expect(timeRangeToParams(preset, "Europe/Berlin")).toEqual({ range: "7d", tz: "Europe/Berlin" });
    const explicit = ok({ from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" }).range;
    expect(ok(timeRangeToParams(explicit)).range).toEqual(explicit);
  });
});

describe("chooseBucketSize", () => {
  const of = (length: number) => chooseBucketSize({ from: new Date(0), to: new Date(length) });

  it("gives 1 min for 1h, 15 min for 24h, 6 h for 7d and 1 day for 30d", () => {
    expect(of(HOUR)).toEqual(BUCKET_SIZES["1m"]);
    expect(of(DAY)).toEqual(BUCKET_SIZES["15m"]);
    expect(of(7 * DAY)).toEqual(BUCKET_SIZES["6h"]);
    expect(of(30 * DAY)).toEqual(BUCKET_SIZES["1d"]);
  });

  it("picks the finest size within MAX_BUCKETS for explicit ranges, days beyond", () => {
    expect(of(3 * HOUR)).toEqual(BUCKET_SIZES["5m"]); // 180 one-minute bars would be too many
    expect(of(3 * DAY)).toEqual(BUCKET_SIZES["1h"]);
    expect(of(93 * DAY)).toEqual(BUCKET_SIZES["1d"]);
    for (const length of [HOUR, 5 * HOUR, DAY, 4 * DAY, 20 * DAY, 93 * DAY]) expect(length / of(length).ms).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it("treats days and multi-hour steps as calendar buckets, minutes and 1 h as fixed", () => {
    expect([BUCKET_SIZES["1m"], BUCKET_SIZES["15m"], BUCKET_SIZES["1h"]].map(isCalendarBucket)).toEqual([false, false, false]);
    expect([BUCKET_SIZES["6h"], BUCKET_SIZES["1d"]].map(isCalendarBucket)).toEqual([true, true]);
  });
});

describe("readRangeSelection", () => {
  it("uses the page's default preset when the URL names no range", () => {
    expect(readRangeSelection({}, "7d")).toEqual({ selection: { preset: "7d", from: null, to: null }, warning: null });
  });

  it("keeps an explicit from/to as UTC instants, and it wins over a preset", () => {
    const r = readRangeSelection(new URLSearchParams("range=1h&from=2026-03-01T10:00:00%2B01:00&to=2026-03-02T00:00:00Z"));
    expect(r).toEqual({ selection: { preset: null, from: "2026-03-01T09:00:00.000Z", to: "2026-03-02T00:00:00.000Z" }, warning: null });
  });

  it.each([
    ["range=2y", "range must be one of"],
    ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to must be after from"],
    ["from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "at most 93 days"],
    ["from=2026-03-01T00:00:00Z", "must be given together"],
  ])("falls back to the default preset on %s and says why", (query, reason) => {
    const r = readRangeSelection(new URLSearchParams(query), "24h");
    expect(r.selection).toEqual({ preset: "24h", from: null, to: null });
    expect(r.warning).toContain(reason);
  });
});

describe("withRangeSelection", () => {
  it("replaces a custom range by a preset and keeps the page's other filters", () => {
    const next = new URLSearchParams(withRangeSelection("verdict=blocked&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z", { preset: "7d", from: null, to: null }));
    expect(Object.fromEntries(next)).toEqual({ verdict: "blocked", range: "7d" });
  });

  it("replaces a preset by a custom range", () => {
    const next = new URLSearchParams(withRangeSelection("range=1h&agent=coder", { preset: null, from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z" }));
    expect(Object.fromEntries(next)).toEqual({ agent: "coder", from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z" });
  });
});

describe("custom ranges typed in the viewer's zone", () => {
  it("shows and reads datetime-local values on the zone's wall clock", () => {
    expect(toZonedInputValue("2026-07-01T12:30:00Z", "Europe/Berlin")).toBe("2026-07-01T14:30");
    expect(toZonedInputValue("2026-07-01T12:30:00Z", "America/New_York")).toBe("2026-07-01T08:30");
    expect(fromZonedInputValue("2026-07-01T14:30", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T12:30:00.000Z");
    expect(fromZonedInputValue("2026-01-15T09:00", "Asia/Kathmandu")?.toISOString()).toBe("2026-01-15T03:15:00.000Z");
  });

  it("maps a time skipped by the spring DST change to the moment the clock jumps, and a repeated one to its first occurrence", () => {
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
    expect(fromZonedInputValue("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // Berlin, 25 October 2026: 02:30 happens twice; the first is CEST (00:30 UTC).
    expect(fromZonedInputValue("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it.each(["", "2026-02-31T10:00", "2026-13-01T10:00", "2026-03-01 10:00", "yesterday", "2026-03-01T24:00"])("refuses %j as a date", (value) => {
    expect(fromZonedInputValue(value, "UTC")).toBeNull();
  });

  it("turns a valid pair into a selection of UTC instants", () => {
    expect(customRangeFromInputs("2026-03-01T00:00", "2026-03-08T00:00", "Europe/Berlin", now)).toEqual({
      ok: true,
      selection: { preset: null, from: "2026-02-28T23:00:00.000Z", to: "2026-03-07T23:00:00.000Z" },
    });
  });

  it.each([
    ["", "2026-03-08T00:00", "from", "Enter the start"],
    ["2026-03-01T00:00", "", "to", "Enter the end"],
    ["2026-02-30T00:00", "2026-03-08T00:00", "from", "not a valid date"],
    ["2026-03-08T00:00", "2026-03-08T00:00", "to", "after the start"],
    ["2026-03-08T00:00", "2026-03-01T00:00", "to", "after the start"],
    ["2025-11-01T00:00", "2026-03-01T00:00", "to", "at most 93 days"],
    ["2026-03-11T00:00", "2026-03-12T00:00", "from", "in the future"],
  ])("refuses from %j to %j, naming the %s field", (from, to, field, message) => {
    const r = customRangeFromInputs(from, to, "UTC", now);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message).toContain(message);
    }
  });

  it("describes a custom range in the viewer's zone and a preset by its name", () => {
    expect(describeSelection({ preset: "7d", from: null, to: null }, "UTC")).toBe("last 7d");
    expect(describeSelection({ preset: null, from: "2026-07-01T12:00:00.000Z", to: "2026-07-02T12:00:00.000Z" }, "Europe/Berlin")).toBe("1 Jul 2026, 14:00 – 2 Jul 2026, 14:00 CEST");
  });
});
