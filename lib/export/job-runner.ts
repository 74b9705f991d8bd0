// The `export-jobs` background task: claims queued export jobs (FOR UPDATE SKIP LOCKED, so two
// processes never take the same one), writes each to `<WARDEN_DATA_DIR>/exports/<id>.part`,
// renames it only once complete, and records its size and SHA-256. While it runs, a job holds a
// session advisory lock; a job left "running" by a process that died has no lock holder and is
// queued again. Cancelled, failed or interrupted jobs leave no file behind.
import "server-only";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import type pg from "pg";
import type { Actor } from "@/lib/audit/record";
import { db, pool } from "@/lib/db/client";
import type { ExportJob } from "@/lib/db/generated/client";
import type { PeriodicTask } from "@/lib/jobs/scheduler";
import { log } from "@/lib/log";
import { EXPORT_FILE_TTL_MS, EXPORT_TASK, exportDirectory, exportFilePath } from "./files";
import { countExportRows, exportChunks, type ExportTarget } from "./render";
import { exportChoicesSchema, exportFileName } from "./schema";
import { exportAuditMetadata, recordExportAudit } from "./stream";

// First key of the two-key advisory lock held while a job runs ("EXPT").
const EXPORT_LOCK_CLASS = 0x45585054;

class ExportStopped extends Error {
  constructor(readonly reason: "cancelled" | "shutdown") {
    super(`export ${reason}`);
  }
}

export const exportJobsTask: PeriodicTask = { name: EXPORT_TASK, intervalMs: 2_000, run: runExportJobs };

/** One round: requeue abandoned jobs, remove expired files, then run queued jobs one after another. */
export async function runExportJobs(signal: AbortSignal): Promise<void> {
  await requeueAbandonedJobs();
  await removeExpiredFiles();
  while (!signal.aborted) {
    const claimed = await claimNextJob();
    if (!claimed) return;
    try {
      await runJob(claimed.job, signal);
    } finally {
      await claimed.client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [EXPORT_LOCK_CLASS, claimed.job.id]).catch(() => undefined);
      claimed.client.release();
    }
  }
}

async function claimNextJob(): Promise<{ job: ExportJob; client: pg.PoolClient } | null> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      `SELECT "id" FROM "ExportJob" WHERE "status" = 'queued' ORDER BY "createdAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    const id = rows[0]?.id;
    if (!id) {
      await client.query("COMMIT");
      client.release();
      return null;
    }
    // Held on this connection until the job ends, so others can tell it is alive.
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [EXPORT_LOCK_CLASS, id]);
    await client.query(`UPDATE "ExportJob" SET "status" = 'running', "startedAt" = now() AT TIME ZONE 'UTC', "rowsDone" = 0 WHERE "id" = $1`, [id]);
    await client.query("COMMIT");
    const job = await db().exportJob.findUniqueOrThrow({ where: { id } });
    return { job, client };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
    throw error;
  }
}

/** Jobs marked running whose lock nobody holds belong to a process that died: run them again. */
async function requeueAbandonedJobs(): Promise<void> {
  const running = await db().exportJob.findMany({ where: { status: "running" }, select: { id: true } });
  if (running.length === 0) return;
  const client = await pool().connect();
  try {
    for (const { id } of running) {
      const { rows } = await client.query<{ free: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS free", [EXPORT_LOCK_CLASS, id]);
      if (!rows[0]?.free) continue;
      try {
        await client.query(`UPDATE "ExportJob" SET "status" = 'queued', "rowsDone" = 0, "startedAt" = NULL WHERE "id" = $1 AND "status" = 'running'`, [id]);
        await rm(partPath(id), { force: true });
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [EXPORT_LOCK_CLASS, id]);
      }
    }
  } finally {
    client.release();
  }
}

/** Files past their expiry are deleted; the job stays in the list, no longer downloadable. */
async function removeExpiredFiles(): Promise<void> {
  const expired = await db().exportJob.findMany({
    where: { status: "done", filePath: { not: null }, expiresAt: { lt: new Date() } },
    select: { id: true, filePath: true },
    take: 100,
  });
  for (const job of expired) {
    if (job.filePath) await rm(job.filePath, { force: true });
    await db().exportJob.update({ where: { id: job.id }, data: { filePath: null } });
  }
}

const partPath = (id: string) => exportFilePath(`${id}.part`);

async function runJob(job: ExportJob, signal: AbortSignal): Promise<void> {
  const choices = exportChoicesSchema.parse(job.filters);
  const project = await db().project.findFirstOrThrow({
    where: { id: job.projectId, organizationId: job.organizationId },
    select: { id: true, slug: true, name: true, organization: { select: { name: true } } },
  });
  const exporter: Actor =
    job.requestedByType === "system" || !job.requestedById
      ? { type: "system", label: job.requestedByLabel }
      : { type: job.requestedByType === "api_key" ? "api_key" : "user", id: job.requestedById, label: job.requestedByLabel };
  const scope = { organizationId: job.organizationId, projectId: job.projectId };
  const exportedAt = new Date();
  const target: ExportTarget = {
    scope,
    project: { id: project.id, slug: project.slug, name: project.name },
    organizationName: project.organization.name,
    choices,
    exporter,
    exportedAt,
  };
  const rowsTotal = await countExportRows(scope, choices);
  await db().exportJob.update({ where: { id: job.id }, data: { rowsTotal } });

  await mkdir(exportDirectory(), { recursive: true });
  const part = partPath(job.id);
  const fileName = exportFileName(project.slug, choices, exportedAt);
  const finalPath = exportFilePath(`${job.id}.${fileName.slice(fileName.indexOf(".") + 1)}`);
  const out = createWriteStream(part);
  const hash = createHash("sha256");
  let bytes = 0;
  let rowsDone = 0;

  const onProgress = async (rows: number) => {
    rowsDone = rows;
    if (signal.aborted) throw new ExportStopped("shutdown");
    const row = await db().exportJob.update({ where: { id: job.id }, data: { rowsDone: rows }, select: { cancelRequestedAt: true } });
    if (row.cancelRequestedAt) throw new ExportStopped("cancelled");
  };

  try {
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => undefined);
    for await (const chunk of exportChunks(target, onProgress)) {
      const buffer = Buffer.from(chunk, "utf8");
      hash.update(buffer);
      bytes += buffer.length;
      // Wait for the disk when its buffer is full: the next batch is read only after.
      if (!out.write(buffer)) await Promise.race([once(out, "drain"), failed]);
    }
    out.end();
    await Promise.race([once(out, "finish"), failed]);
    await rename(part, finalPath);
    const finishedAt = new Date();
    const sha256 = hash.digest("hex");
    const finished = await db().exportJob.updateMany({
      where: { id: job.id, status: "running", cancelRequestedAt: null },
      data: {
        status: "done",
        rowsDone,
        rowsTotal: Math.max(rowsTotal, rowsDone),
        fileName,
        filePath: finalPath,
        byteSize: BigInt(bytes),
        sha256,
        finishedAt,
        expiresAt: new Date(finishedAt.getTime() + EXPORT_FILE_TTL_MS),
      },
    });
    // Cancelled between the last batch and now: the file is never offered.
    if (finished.count === 0) {
      await rm(finalPath, { force: true });
      throw new ExportStopped("cancelled");
    }
    await recordExportAudit({ ...scope, actor: exporter }, "export.completed", job.id, exportAuditMetadata(choices, rowsDone, { bytes, sha256 }));
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    await rm(finalPath, { force: true }).catch(() => undefined);
    if (error instanceof ExportStopped && error.reason === "shutdown") {
      await db().exportJob.update({ where: { id: job.id }, data: { status: "queued", rowsDone: 0, startedAt: null } });
      return;
    }
    if (error instanceof ExportStopped) {
      await db().exportJob.update({ where: { id: job.id }, data: { status: "cancelled", finishedAt: new Date(), filePath: null } });
      return;
    }
    log.error({ err: error, jobId: job.id }, "export job failed");
    await db().exportJob.update({
      where: { id: job.id },
      data: { status: "failed", finishedAt: new Date(), filePath: null, error: "The export failed; try again, or narrow the range." },
    });
  }
}
