import { describe, expect, it } from "vitest";
import { fillMonthDays, projectMonthEnd } from "./prepare";

describe("fillMonthDays", () => {
  it("returns every day of the month, zeros where nothing was counted", () => {
    const days = fillMonthDays("2026-02", [{ day: "2026-02-03", used: 40, dropped: 2 }]);
    expect(days).toHaveLength(28);
    expect(days[0]).toEqual({ day: "2026-02-01", used: 0, dropped: 0 });
    expect(days[2]).toEqual({ day: "2026-02-03", used: 40, dropped: 2 });
    expect(days.at(-1)?.day).toBe("2026-02-28");
  });

  it("knows leap years and 31-day months", () => {
    expect(fillMonthDays("2028-02", [])).toHaveLength(29);
    expect(fillMonthDays("2026-12", [])).toHaveLength(31);
  });
});

describe("projectMonthEnd", () => {
  it("extrapolates the rate so far to the whole month", () => {
    // Half of November (30 days) gone, 5,000 used: about 10,000 by the end.
    expect(projectMonthEnd("2026-11", 5_000, new Date("2026-11-16T00:00:00Z"))).toBe(10_000);
  });

  it("does not extrapolate from the first minutes of a month", () => {
    expect(projectMonthEnd("2026-11", 12, new Date("2026-11-01T00:10:00Z"))).toBe(12);
  });

  it("equals the usage once the month is over", () => {
    expect(projectMonthEnd("2026-10", 7_777, new Date("2026-11-05T00:00:00Z"))).toBe(7_777);
  });
});
