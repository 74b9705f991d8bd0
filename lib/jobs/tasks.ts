// The background tasks the server runs (see scheduler.ts). Each feature adds its
// task here; a task must be safe to run in several processes at once.
import "server-only";
import { webhookDeliveriesTask } from "@/lib/alerts/webhooks/worker";
import { exportJobsTask } from "@/lib/export/job-runner";
import { retentionPurgeTask } from "@/lib/retention/task";
import type { PeriodicTask } from "./scheduler";

export function backgroundTasks(): PeriodicTask[] {
  return [webhookDeliveriesTask(), exportJobsTask, retentionPurgeTask];
}
