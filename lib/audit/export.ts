// Exports an organization's audit log: as an audit bundle (the whole chain, verifiable with
// `npm run verify`), or filtered as JSON Lines or CSV. Rows are read by seq in keyset batches as the
// response is consumed; the export itself is audit-logged before the first byte leaves.
import "server-only";
import { Readable } from "node:stream";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { auditLogBundleLines, genesisAnchor } from "@/lib/export/bundle";
import { csvRecord, UTF8_BOM } from "@/lib/export/csv";
import { parseQuery } from "@/lib/http/query";
import type { ChainedAuditEntry } from "./chain";
import { auditQuerySchema, auditWhere, chainPendingAuditEntries, type AuditQuery } from "./read";
import { recordAudit, type Actor } from "./record";

export const AUDIT_EXPORT_FORMATS = ["bundle", "jsonl", "csv"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const auditExportQuerySchema = auditQuerySchema.and(
  z.object({
    format: z.enum(AUDIT_EXPORT_FORMATS, { error: `format must be one of ${AUDIT_EXPORT_FORMATS.join(", ")}` }).default("bundle"),
    bom: z.enum(["0", "1"]).default("0"),
  }),
);
export type AuditExportQuery = z.output<typeof auditExportQuerySchema>;

export function parseAuditExportQuery(url: string): AuditExportQuery {
  return parseQuery(auditExportQuerySchema, url);
}

const BATCH = 1_000;
const CONTENT_TYPES: Record<AuditExportFormat, string> = {
  bundle: "application/x-ndjson; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};
const EXTENSIONS: Record<AuditExportFormat, string> = { bundle: "bundle.jsonl", jsonl: "jsonl", csv: "csv" };
const CSV_COLUMNS = ["seq", "created_at", "actor_type", "actor_label", "actor_id", "action", "target_type", "target_id", "project_id", "source_ip", "metadata", "prev_hash", "hash"];

/** Filters of a bundle are ignored: a chain verifies only whole, so the bundle always holds every entry. */
function filtersOf(q: AuditExportQuery): Omit<AuditQuery, "cursor" | "limit"> {
  return q.format === "bundle" ? {} : { action: q.action, actor: q.actor, actor_type: q.actor_type, target_type: q.target_type, from: q.from, to: q.to };
}

async function* entriesInSeqOrder(organizationId: string, filters: Omit<AuditQuery, "cursor" | "limit">): AsyncGenerator<ChainedAuditEntry & { seq: number }> {
  const where = auditWhere(organizationId, filters);
  let after = 0;
  for (;;) {
    const batch = await db().auditLogEntry.findMany({ where: { AND: [where, { seq: { gt: after } }] }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of batch) yield { ...row, seq: row.seq!, createdAt: row.createdAt.toISOString() };
    if (batch.length < BATCH) return;
    after = batch.at(-1)!.seq!;
  }
}

function jsonlLine(e: ChainedAuditEntry): string {
  return `${JSON.stringify({
    seq: e.seq,
    created_at: e.createdAt,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    target: { type: e.targetType, id: e.targetId },
    project_id: e.projectId,
    source_ip: e.sourceIp,
    metadata: e.metadata,
    prev_hash: e.prevHash,
    hash: e.hash,
  })}\n`;
}

function csvLine(e: ChainedAuditEntry): string {
  return csvRecord([e.seq, String(e.createdAt), e.actorType, e.actorLabel, e.actorId, e.action, e.targetType, e.targetId, e.projectId, e.sourceIp, JSON.stringify(e.metadata), e.prevHash, e.hash]);
}

export interface AuditExportTarget {
  organization: { id: string; slug: string; name: string };
  exporter: Actor;
  sourceIp: string | null;
  query: AuditExportQuery;
  exportedAt?: Date;
}

export async function* auditExportLines(target: AuditExportTarget): AsyncGenerator<string> {
  const { organization, query } = target;
  const filters = filtersOf(query);
  const entries = entriesInSeqOrder(organization.id, filters);
  if (query.format === "bundle") {
    yield* auditLogBundleLines({
      manifest: {
        organization: { id: organization.id, name: organization.name },
        project: null,
        range: { from: null, to: null },
        filters: {},
        exportedAt: (target.exportedAt ?? new Date()).toISOString(),
        exporter: { type: target.exporter.type, label: target.exporter.label },
      },
      organizationId: organization.id,
      anchor: genesisAnchor("audit_log"),
      entries,
    });
    return;
  }
  if (query.format === "csv") yield `${query.bom === "1" ? UTF8_BOM : ""}${csvRecord(CSV_COLUMNS)}`;
  for await (const entry of entries) yield query.format === "csv" ? csvLine(entry) : jsonlLine(entry);
}

/** The export as a download; the `audit_log.exported` entry it writes is the bundle's last record. */
export async function auditExportResponse(target: AuditExportTarget): Promise<Response> {
  const { organization, query } = target;
  await chainPendingAuditEntries(organization.id);
  const filters = filtersOf(query);
  const rows = await db().auditLogEntry.count({ where: auditWhere(organization.id, filters) });
  await withTransaction((sql) =>
    recordAudit(sql, {
      organizationId: organization.id,
      actor: target.exporter,
      action: "audit_log.exported",
      targetType: "audit_log",
      targetId: organization.id,
      sourceIp: target.sourceIp,
      metadata: { format: query.format, rows: query.format === "bundle" ? rows + 1 : rows, filters: JSON.parse(JSON.stringify(filters)) },
    }),
  );
  const exportedAt = target.exportedAt ?? new Date();
  const encoder = new TextEncoder();
  const lines = auditExportLines({ ...target, exportedAt });
  // Pulled as the client reads (a few lines of buffer): the next batch is read only when needed.
  const body = Readable.toWeb(
    Readable.from(
      (async function* () {
        for await (const line of lines) yield encoder.encode(line);
      })(),
    ),
  ) as ReadableStream<Uint8Array>;
  const stamp = exportedAt.toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[query.format],
      "content-disposition": `attachment; filename="${organization.slug}-audit-log-${stamp}.${EXTENSIONS[query.format]}"`,
      "cache-control": "no-store",
    },
  });
}
