// Where export job files live and for how long; a leaf module, so the job runner (loaded by the
// scheduler) and the job routes (which nudge the scheduler) share it without importing each other.
import "server-only";
import path from "node:path";
import { serverEnv } from "@/lib/env";

export const EXPORT_TASK = "export-jobs";
export const EXPORT_FILE_TTL_MS = 7 * 24 * 3600 * 1000;

export function exportDirectory(): string {
  return path.resolve(serverEnv().WARDEN_DATA_DIR, "exports");
}

/** A file in the exports directory; the path is data, not a module, so the bundler must not trace it. */
export function exportFilePath(name: string): string {
  return path.join(/* turbopackIgnore: true */ exportDirectory(), name);
}
