import { describe, expect, it, vi } from "vitest";
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
    // Waits for the runs rather than a fixed time, which a loaded machine can outlast.
    await vi.waitFor(() => expect({ runs: runs > 2, failures: failures > 2 }).toEqual({ runs: true, failures: true }), { timeout: 5_000 });
    const before = slowRuns;
    scheduler.nudge("slow");
    await vi.waitFor(() => expect(slowRuns).toBe(before + 1), { timeout: 5_000 });
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
  });
});
