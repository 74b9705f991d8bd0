import { describe, expect, it } from "vitest";
import { blockRate, buildTiles, computeChange, formatChange, type TileCounts } from "./tiles";

const zero: TileCounts = { events: 0, blocked: 0, openAlerts: 0, activeAgents: 0 };
const byKey = (current: TileCounts, previous: TileCounts) => Object.fromEntries(buildTiles(current, previous).map((t) => [t.key, t]));

describe("computeChange", () => {
  it("gives delta and percent against a non-zero previous value", () => {
    expect(computeChange(15, 12)).toEqual({ delta: 3, percent: 25, trend: "up" });
    expect(computeChange(6, 12)).toEqual({ delta: -6, percent: -50, trend: "down" });
    expect(computeChange(1, 3)).toEqual({ delta: -2, percent: -66.7, trend: "down" });
  });

  it("has no percent when the previous value was zero (not Infinity or NaN), and 0% when both are zero", () => {
    expect(computeChange(5, 0)).toEqual({ delta: 5, percent: null, trend: "up" });
    expect(computeChange(0, 0)).toEqual({ delta: 0, percent: 0, trend: "flat" });
    expect(computeChange(0, 4)).toEqual({ delta: -4, percent: -100, trend: "down" });
  });
});

describe("buildTiles", () => {
  it("gives the five tiles in order with values and changes", () => {
    const tiles = buildTiles({ events: 200, blocked: 10, openAlerts: 3, activeAgents: 6 }, { events: 100, blocked: 10, openAlerts: 1, activeAgents: 6 });
    expect(tiles.map((t) => t.key)).toEqual(["events", "blocked", "blockRate", "openAlerts", "activeAgents"]);
    const t = Object.fromEntries(tiles.map((x) => [x.key, x]));
    expect(t.events!.change).toEqual({ delta: 100, percent: 100, trend: "up" });
    expect(t.blocked!.change).toEqual({ delta: 0, percent: 0, trend: "flat" });
    // 5% now against 10% before: 5 points down, a relative change of -50%.
    expect(t.blockRate).toMatchObject({ value: 5, previous: 10, unit: "percent", change: { delta: -5, percent: -50, trend: "down" } });
    expect(t.openAlerts!.change).toEqual({ delta: 2, percent: 200, trend: "up" });
    expect(t.activeAgents!.change!.trend).toBe("flat");
  });

  it("handles a previous range with nothing in it: counts are new, the block rate has nothing to compare", () => {
    const t = byKey({ events: 40, blocked: 4, openAlerts: 2, activeAgents: 3 }, zero);
    expect(t.events!.change).toEqual({ delta: 40, percent: null, trend: "up" });
    expect(t.blocked!.change!.percent).toBeNull();
    expect(t.blockRate).toMatchObject({ value: 10, previous: null, change: null });
    expect(formatChange(t.events!)).toBe("+40 (new)");
    expect(formatChange(t.blockRate!)).toBe("");
  });

  it("shows no block rate (not 0%) for a range without events, and flat changes when both ranges are empty", () => {
    const t = byKey(zero, zero);
    expect(blockRate(zero)).toBeNull();
    expect(t.blockRate!.value).toBeNull();
    expect(t.events!.change).toEqual({ delta: 0, percent: 0, trend: "flat" });
    expect(formatChange(t.events!)).toBe("no change");
  });

  it("leaves the open-alerts change out when the previous count is unknown", () => {
    const t = byKey({ ...zero, openAlerts: 2 }, { ...zero, openAlerts: null });
    expect(t.openAlerts).toMatchObject({ value: 2, previous: null, change: null });
  });

  it("marks the tiles where a rise is bad", () => {
    expect(buildTiles(zero, zero).filter((t) => t.higherIsWorse).map((t) => t.key)).toEqual(["blocked", "blockRate", "openAlerts"]);
  });
});

describe("formatChange", () => {
  it("signs counts, percents and rate points", () => {
    const t = byKey({ events: 1500, blocked: 3, openAlerts: 0, activeAgents: 2 }, { events: 1000, blocked: 4, openAlerts: 0, activeAgents: 2 });
    expect(formatChange(t.events!)).toBe("+500 (+50%)");
    expect(formatChange(t.blocked!)).toBe("\u22121 (\u221225%)");
    expect(formatChange(t.blockRate!)).toBe("\u22120.2 pts"); // 0.2% from 0.4%
  });
});
