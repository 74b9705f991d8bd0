// The hourly retention purge as a background task (lib/jobs). Safe in several processes: a run
// that finds another process purging returns at once.
import "server-only";
import type { PeriodicTask } from "@/lib/jobs/scheduler";
import { RETENTION_PURGE_TASK, runRetentionPurge } from "./purge";

export const retentionPurgeTask: PeriodicTask = {
  name: RETENTION_PURGE_TASK,
  intervalMs: 60 * 60 * 1000,
  async run(signal) {
    await runRetentionPurge({ signal });
  },
};
