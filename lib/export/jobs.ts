// Export jobs as the dashboard sees them: start an export (streamed when small, a background job
// when large), list and read jobs, cancel one, open a finished file for download. Always within
// one project of one organization; another tenant's job id answers 404.
import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { ExportJob } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/http/errors";
import type { ProjectScope } from "@/lib/ingest/record-event";
import { nudgeTask } from "@/lib/jobs/start";
import { EXPORT_TASK, exportDirectory } from "./files";
import { countExportRows } from "./render";
import { exportChoicesQuery, FORMAT_CONTENT_TYPES, type ExportChoices } from "./schema";
import { exportAuditMetadata } from "./stream";

/** Exports up to this many rows stream straight to the browser; larger ones run as a job. */
export const STREAM_ROW_LIMIT = 10_000;

export interface ExportJobView {
  id: string;
  kind: string;
  format: string;
  filters: unknown;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string | null;
  byteSize: number | null;
  sha256: string | null;
  error: string | null;
  requestedBy: string;
  cancelRequested: boolean;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  /** Done, not expired, file present: the download link may be offered. */
  downloadable: boolean;
}

function jobView(job: ExportJob, now = new Date()): ExportJobView {
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    filters: job.filters,
    status: job.status,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    fileName: job.fileName,
    byteSize: job.byteSize === null ? null : Number(job.byteSize),
    sha256: job.sha256,
    error: job.error,
    requestedBy: job.requestedByLabel,
    cancelRequested: job.cancelRequestedAt !== null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    downloadable: job.status === "done" && job.filePath !== null && (job.expiresAt === null || job.expiresAt > now),
  };
}

export interface ExportCaller {
  scope: ProjectScope;
  actor: Actor;
  sourceIp: string | null;
}

export type StartedExport =
  | { delivery: "stream"; rowsTotal: number; query: string }
  | { delivery: "job"; rowsTotal: number; job: ExportJobView };

/** Small exports are answered with the query to stream them; large ones (or `delivery: job`) are queued. */
export async function startExport(caller: ExportCaller, choices: ExportChoices, delivery: "auto" | "job"): Promise<StartedExport> {
  const rowsTotal = await countExportRows(caller.scope, choices);
  if (delivery === "auto" && rowsTotal <= STREAM_ROW_LIMIT) {
    return { delivery: "stream", rowsTotal, query: exportChoicesQuery(choices).toString() };
  }
  const job = await db().$transaction(async (tx) => {
    const created = await tx.exportJob.create({
      data: {
        organizationId: caller.scope.organizationId,
        projectId: caller.scope.projectId,
        kind: choices.kind,
        format: choices.format,
        filters: choices,
        requestedByType: caller.actor.type,
        requestedById: caller.actor.type === "system" ? null : caller.actor.id,
        requestedByLabel: caller.actor.label,
        rowsTotal,
      },
    });
    await recordAudit(tx, {
      organizationId: caller.scope.organizationId,
      projectId: caller.scope.projectId,
      actor: caller.actor,
      action: "export.requested",
      targetType: "export",
      targetId: created.id,
      metadata: exportAuditMetadata(choices, rowsTotal),
      sourceIp: caller.sourceIp,
    });
    return created;
  });
  nudgeTask(EXPORT_TASK);
  return { delivery: "job", rowsTotal, job: jobView(job) };
}

export async function listExportJobs(scope: ProjectScope): Promise<ExportJobView[]> {
  const jobs = await db().exportJob.findMany({
    where: { organizationId: scope.organizationId, projectId: scope.projectId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return jobs.map((job) => jobView(job));
}

async function findJobOrThrow(scope: ProjectScope, id: string): Promise<ExportJob> {
  const job = await db().exportJob.findFirst({ where: { id, organizationId: scope.organizationId, projectId: scope.projectId } });
  if (!job) throw new ApiError("not_found", "No such export in this project.");
  return job;
}

export async function getExportJob(scope: ProjectScope, id: string): Promise<ExportJobView> {
  return jobView(await findJobOrThrow(scope, id));
}

/**
 * Cancels a job: a queued one at once, a running one at its next batch (the runner removes its
 * partial file). Its requester or an admin may cancel it.
 */
export async function cancelExportJob(caller: ExportCaller & { isAdmin: boolean }, id: string): Promise<ExportJobView> {
  const job = await findJobOrThrow(caller.scope, id);
  if (!caller.isAdmin && !(caller.actor.type !== "system" && job.requestedById === caller.actor.id)) {
    throw new ApiError("forbidden", "Only the person who started this export, or an admin, may cancel it.");
  }
  if (job.status !== "queued" && job.status !== "running") {
    throw new ApiError("conflict", `This export is already ${job.status}.`);
  }
  const now = new Date();
  const updated = await db().$transaction(async (tx) => {
    // Only a still-queued job is finished here; a running one is finished by its runner.
    await tx.exportJob.updateMany({
      where: { id: job.id, projectId: caller.scope.projectId, status: "queued" },
      data: { status: "cancelled", finishedAt: now },
    });
    const row = await tx.exportJob.update({ where: { id: job.id }, data: { cancelRequestedAt: now } });
    await recordAudit(tx, {
      organizationId: caller.scope.organizationId,
      projectId: caller.scope.projectId,
      actor: caller.actor,
      action: "export.cancelled",
      targetType: "export",
      targetId: job.id,
      metadata: { kind: job.kind, format: job.format, rowsDone: job.rowsDone },
      sourceIp: caller.sourceIp,
    });
    return row;
  });
  nudgeTask(EXPORT_TASK);
  return jobView(updated);
}

/** The finished file as a download; 404 for a job that is not done, expired, or whose file is gone. */
export async function openExportDownload(caller: ExportCaller, id: string): Promise<Response> {
  const job = await findJobOrThrow(caller.scope, id);
  const view = jobView(job);
  if (!view.downloadable || !job.filePath || !job.fileName) {
    throw new ApiError("not_found", job.status === "done" ? "This export has expired." : "This export has no file to download.");
  }
  const file = path.resolve(job.filePath);
  // The path comes from our own row, but never serve anything outside the exports directory.
  if (path.dirname(file) !== exportDirectory()) throw new ApiError("not_found", "This export has no file to download.");
  const info = await stat(file).catch(() => null);
  if (!info) throw new ApiError("not_found", "This export's file is gone.");
  await db().$transaction((tx) =>
    recordAudit(tx, {
      organizationId: caller.scope.organizationId,
      projectId: caller.scope.projectId,
      actor: caller.actor,
      action: "export.downloaded",
      targetType: "export",
      targetId: job.id,
      metadata: { kind: job.kind, format: job.format, rows: job.rowsDone, sha256: job.sha256 },
      sourceIp: caller.sourceIp,
    }),
  );
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": FORMAT_CONTENT_TYPES[job.format],
      "content-length": String(info.size),
      "content-disposition": `attachment; filename="${job.fileName}"`,
      "cache-control": "no-store",
      ...(job.sha256 ? { "x-export-sha256": job.sha256 } : {}),
    },
  });
}
