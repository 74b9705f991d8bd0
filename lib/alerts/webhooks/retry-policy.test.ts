import { describe, expect, it } from "vitest";
import { backoffWithFullJitter } from "./retry-policy";

describe("backoffWithFullJitter", () => {
  it("draws from [0, 5 s · 2^(attempt-1)), doubling per attempt", () => {
    expect(backoffWithFullJitter(1, () => 0)).toBe(0);
    expect(backoffWithFullJitter(1, () => 0.999999)).toBe(4_999);
    expect(backoffWithFullJitter(2, () => 0.5)).toBe(5_000);
    expect(backoffWithFullJitter(4, () => 0.5)).toBe(20_000);
  });

  it("never waits more than an hour, however many attempts failed", () => {
    expect(backoffWithFullJitter(30, () => 0.999999)).toBeLessThan(3_600_000);
    expect(backoffWithFullJitter(1_000, () => 0.5)).toBe(1_800_000);
  });

  it("spreads the delays of many senders over the whole range", () => {
    const delays = Array.from({ length: 2_000 }, () => backoffWithFullJitter(5, Math.random));
    expect(Math.min(...delays)).toBeLessThan(8_000);
    expect(Math.max(...delays)).toBeGreaterThan(72_000);
    expect(Math.max(...delays)).toBeLessThan(80_000);
  });
});
