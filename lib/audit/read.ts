// Reads of an organization's audit log for Settings → Audit log: filtered, keyset-paginated by
// seq (newest first), and the chain check behind the "verified" indicator.
import "server-only";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { withTransaction } from "@/lib/db/sql";
import { parseQuery } from "@/lib/http/query";
import { verifyAuditChain, type AuditChainBreak } from "./chain";
import { lockAuditChain } from "./record";

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const auditQuerySchema = z
  .object({
    /** An exact action (`api_key.created`) or a family ending in a dot (`api_key.`). */
    action: optional(z.string().max(100).regex(/^[a-z0-9_.]+$/, "action: letters, digits, _ and . only")),
    /** Case-insensitive part of the actor's label (an email, a key name, "system"). */
    actor: optional(z.string().trim().max(200)),
    actor_type: optional(z.enum(["user", "api_key", "system"])),
    target_type: optional(z.string().max(100)),
    from: optional(isoInstant({ error: "from must be an ISO-8601 date-time" })),
    to: optional(isoInstant({ error: "to must be an ISO-8601 date-time" })),
    /** The seq of the last entry of the previous page (entries older than it come next). */
    cursor: optional(z.coerce.number().int().positive({ error: "cursor: not a cursor this API returned" })),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ["to"], message: "to must be after from" });
export type AuditQuery = z.output<typeof auditQuerySchema>;

export function parseAuditQuery(url: string): AuditQuery {
  return parseQuery(auditQuerySchema, url);
}

export function auditWhere(organizationId: string, q: Omit<AuditQuery, "cursor" | "limit">): Prisma.AuditLogEntryWhereInput {
  return {
    organizationId,
    seq: { not: null },
    ...(q.action ? { action: q.action.endsWith(".") ? { startsWith: q.action } : q.action } : {}),
    ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" as const } } : {}),
    ...(q.actor_type ? { actorType: q.actor_type } : {}),
    ...(q.target_type ? { targetType: q.target_type } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
  };
}

const ENTRY_SELECT = {
  id: true,
  seq: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  projectId: true,
  metadata: true,
  sourceIp: true,
} as const;

export async function listAuditEntries(organizationId: string, q: AuditQuery) {
  await chainPendingAuditEntries(organizationId);
  const where = auditWhere(organizationId, q);
  const rows = await db().auditLogEntry.findMany({
    where: q.cursor ? { AND: [where, { seq: { lt: q.cursor } }] } : where,
    orderBy: { seq: "desc" },
    take: q.limit + 1,
    select: ENTRY_SELECT,
  });
  const page = rows.slice(0, q.limit);
  const projects = await db().project.findMany({
    where: { organizationId, id: { in: [...new Set(page.flatMap((r) => (r.projectId ? [r.projectId] : [])))] } },
    select: { id: true, name: true },
  });
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  return {
    entries: page.map((r) => ({
      id: r.id,
      seq: r.seq,
      created_at: r.createdAt.toISOString(),
      actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
      action: r.action,
      target: { type: r.targetType, id: r.targetId },
      project: r.projectId ? { id: r.projectId, name: projectName.get(r.projectId) ?? null } : null,
      source_ip: r.sourceIp,
      metadata: r.metadata,
    })),
    next_cursor: rows.length > q.limit ? String(page.at(-1)?.seq) : null,
  };
}

/** The values the filters offer: every action and target type this organization has logged. */
export async function auditFilterOptions(organizationId: string) {
  // SQL DISTINCT: Prisma's `distinct` would read every row of the log and de-duplicate in memory.
  const [actions, targetTypes] = await Promise.all([
    db().$queryRaw<{ value: string }[]>`SELECT DISTINCT "action" AS value FROM "AuditLogEntry" WHERE "organizationId" = ${organizationId} ORDER BY 1`,
    db().$queryRaw<{ value: string }[]>`SELECT DISTINCT "targetType" AS value FROM "AuditLogEntry" WHERE "organizationId" = ${organizationId} ORDER BY 1`,
  ]);
  return { actions: actions.map((a) => a.value), target_types: targetTypes.map((t) => t.value) };
}

export type AuditChainStatus =
  | { ok: true; count: number; last_seq: number | null; last_hash: string | null }
  | { ok: false; count: number; broken_at_seq: number | null; reason: AuditChainBreak };

const VERIFY_BATCH = 2_000;

/** Re-hashes the whole chain in seq order, a batch at a time; reports the first broken link. */
export async function verifyOrganizationAuditChain(organizationId: string): Promise<AuditChainStatus> {
  await chainPendingAuditEntries(organizationId);
  let after: { seq: number; hash: string } | undefined;
  let count = 0;
  for (;;) {
    const batch = await db().auditLogEntry.findMany({
      where: { organizationId, seq: after ? { gt: after.seq } : { not: null } },
      orderBy: { seq: "asc" },
      take: VERIFY_BATCH,
    });
    const result = verifyAuditChain(batch, { after });
    if (!result.ok) {
      // A gap right after the anchor means the entry at after.seq + 1 is the one missing.
      const brokenAt = result.reason === "missing" ? (after?.seq ?? 0) + result.position + 1 : result.seq;
      return { ok: false, count: count + result.count, broken_at_seq: brokenAt, reason: result.reason };
    }
    count += result.count;
    if (batch.length < VERIFY_BATCH) {
      return { ok: true, count, last_seq: result.lastSeq ?? after?.seq ?? null, last_hash: result.lastHash };
    }
    after = { seq: result.lastSeq!, hash: result.lastHash! };
  }
}

/**
 * Links entries written before the chain existed (a database upgraded in place); a no-op index
 * lookup once everything is chained, so reads may call it freely.
 */
export async function chainPendingAuditEntries(organizationId: string): Promise<void> {
  const pending = await db().auditLogEntry.findFirst({ where: { organizationId, seq: null }, select: { id: true } });
  if (!pending) return;
  await withTransaction((sql) => lockAuditChain(sql, organizationId));
}
