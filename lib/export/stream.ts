// Streams an export straight into an HTTP response: each chunk is read from the database only
// when the response asks for more (ReadableStream pull), so a slow client slows the reads
// instead of filling memory. The export is audit-logged before the first byte leaves.
import "server-only";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { withTransaction } from "@/lib/db/sql";
import { log } from "@/lib/log";
import { countExportRows, exportChunks, type ExportTarget } from "./render";
import { exportFileName, FORMAT_CONTENT_TYPES, type ExportChoices } from "./schema";

/** What the audit log says about an export: what was chosen and how many rows it held. */
export function exportAuditMetadata(choices: ExportChoices, rows: number, extra: Record<string, string | number | null> = {}) {
  return {
    kind: choices.kind,
    format: choices.format,
    from: choices.from ?? null,
    to: choices.to ?? null,
    agent: choices.agent ?? null,
    verdict: choices.verdict ?? null,
    category: choices.category ?? null,
    conversation: choices.conversation ?? null,
    rows,
    ...extra,
  };
}

export async function recordExportAudit(
  entry: { organizationId: string; projectId: string; actor: Actor; sourceIp?: string | null },
  action: string,
  targetId: string | null,
  metadata: ReturnType<typeof exportAuditMetadata>,
): Promise<void> {
  await withTransaction((sql) =>
    recordAudit(sql, { ...entry, action, targetType: "export", targetId, metadata }),
  );
}

/** The whole export as a download response, read batch by batch as the client consumes it. */
export async function exportResponse(target: ExportTarget, sourceIp: string | null): Promise<Response> {
  const rows = await countExportRows(target.scope, target.choices);
  await recordExportAudit(
    { organizationId: target.scope.organizationId, projectId: target.scope.projectId, actor: target.exporter, sourceIp },
    "export.streamed",
    null,
    exportAuditMetadata(target.choices, rows),
  );
  const chunks = exportChunks(target);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const step = await chunks.next();
          if (step.done) controller.close();
          else if (step.value) controller.enqueue(encoder.encode(step.value));
        } catch (error) {
          log.error({ err: error, projectId: target.scope.projectId }, "streamed export failed");
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // One chunk (one batch) waiting at most: the next batch is read only when this one is taken.
    { highWaterMark: 1 },
  );
  return new Response(body, {
    headers: {
      "content-type": FORMAT_CONTENT_TYPES[target.choices.format],
      "content-disposition": `attachment; filename="${exportFileName(target.project.slug, target.choices, target.exportedAt)}"`,
      "cache-control": "no-store",
      "x-export-rows": String(rows),
    },
  });
}
