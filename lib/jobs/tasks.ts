// The background tasks the server runs (see scheduler.ts). Each feature adds its
// task here; a task must be safe to run in several processes at once.
import "server-only";
import type { PeriodicTask } from "./scheduler";

export function backgroundTasks(): PeriodicTask[] {
  return [];
}
