// Periodic background work of the server process (webhook deliveries, export jobs,
// retention purges). Each task keeps its own state in PostgreSQL and claims its rows
// with locks, so a restart loses nothing and two server processes never do the same
// work twice; the scheduler only decides when to call it.
import "server-only";
import { log } from "@/lib/log";

export interface PeriodicTask {
  name: string;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** Does one round of work; should return soon after `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

export interface Scheduler {
  /** Runs a task now instead of at its next tick (when its previous run has ended). */
  nudge(name: string): void;
  stop(): Promise<void>;
}

export function startScheduler(tasks: readonly PeriodicTask[]): Scheduler {
  const controller = new AbortController();
  const wakers = new Map<string, () => void>();
  const loops = tasks.map(async (task) => {
    while (!controller.signal.aborted) {
      try {
        await task.run(controller.signal);
      } catch (error) {
        log.error({ err: error, task: task.name }, "background task failed");
      }
      if (controller.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, task.intervalMs);
        // A pending tick must not keep the process alive on shutdown.
        timer.unref();
        wakers.set(task.name, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      wakers.delete(task.name);
    }
  });
  controller.signal.addEventListener("abort", () => {
    for (const wake of wakers.values()) wake();
  });
  return {
    nudge(name) {
      wakers.get(name)?.();
    },
    async stop() {
      controller.abort();
      await Promise.allSettled(loops);
    },
  };
}
