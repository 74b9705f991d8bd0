// Starts the background tasks once per server process and lets route handlers nudge them.
import "server-only";
import { startScheduler, type Scheduler } from "./scheduler";
import { backgroundTasks } from "./tasks";

const globalForJobs = globalThis as unknown as { wardenScheduler?: Scheduler };

export function startBackgroundTasks(): void {
  if (globalForJobs.wardenScheduler) return;
  const scheduler = startScheduler(backgroundTasks());
  globalForJobs.wardenScheduler = scheduler;
  const stop = () => void scheduler.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** Asks a task to run now (e.g. after queuing an export); a no-op where no scheduler runs (tests). */
export function nudgeTask(name: string): void {
  globalForJobs.wardenScheduler?.nudge(name);
}
