import { describe, expect, it } from "vitest";
import { startScheduler } from "./scheduler";

describe("startScheduler", () => {
  it("runs each task repeatedly, keeps going after a failure, runs a nudged task at once and stops cleanly", async () => {
    let runs = 0;
    let failures = 0;
    let slowRuns = 0;
    const scheduler = startScheduler([
      { name: "counter", intervalMs: 10, run: async () => void runs++ },
      {
        name: "failing",
        intervalMs: 10,
        run: async () => {
          failures++;
          throw new Error("boom");
        },
      },
      { name: "slow", intervalMs: 60_000, run: async () => void slowRuns++ },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBeGreaterThan(2);
    expect(failures).toBeGreaterThan(2);
    const before = slowRuns;
    scheduler.nudge("slow");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slowRuns).toBe(before + 1);
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
  });
});
