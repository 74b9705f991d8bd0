import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import { prismaSql, type Sql } from "@/lib/db/sql";
import { auditEntryHash, type AuditChainFields } from "./chain";

export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "api_key"; id: string; label: string }
  | { type: "system"; label: string };

export interface AuditEntry {
  organizationId: string;
  projectId?: string | null;
  actor: Actor;
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonObject;
  sourceIp?: string | null;
}

/** The caller's transaction: a Prisma interactive transaction or a plain pg one (lib/db/sql.ts). */
export type AuditTx = Pick<Prisma.TransactionClient, "$queryRawUnsafe"> | Sql;

interface ChainTail {
  seq: number;
  hash: string | null;
}

// First key of the two-key advisory lock ("AUDT"); the second is a hash of the organization id.
// Two organizations whose ids collide only wait for each other, they never share a chain.
const AUDIT_LOCK_CLASS = 0x41554454;

/**
 * Writes one audit log entry as the next link of its organization's hash chain; pass the
 * transaction so the entry commits with the change it records. The per-organization advisory
 * lock, held until that transaction ends, serialises writers, so concurrent changes never fork
 * the chain (the unique (organizationId, seq) index is the last line of defence). Callers run at
 * READ COMMITTED (the default), so the tail read after the lock sees the previous writer's row.
 */
export async function recordAudit(tx: AuditTx, entry: AuditEntry): Promise<void> {
  const sql = asSql(tx);
  const tail = await lockAuditChain(sql, entry.organizationId);
  const fields: AuditChainFields = {
    seq: tail.seq + 1,
    organizationId: entry.organizationId,
    projectId: entry.projectId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.type === "system" ? null : entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    // Hashed as it will read back from jsonb (undefined members dropped, Dates as strings).
    metadata: JSON.parse(JSON.stringify(entry.metadata ?? {})),
    sourceIp: entry.sourceIp ?? null,
    createdAt: new Date().toISOString(),
  };
  await sql.query(
    `INSERT INTO "AuditLogEntry" ("id", "organizationId", "projectId", "actorType", "actorId", "actorLabel", "action",
       "targetType", "targetId", "metadata", "sourceIp", "createdAt", "seq", "prevHash", "hash")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10,
       $11::timestamptz AT TIME ZONE 'UTC', $12, $13, $14)`,
    [
      fields.organizationId,
      fields.projectId,
      fields.actorType,
      fields.actorId,
      fields.actorLabel,
      fields.action,
      fields.targetType,
      fields.targetId,
      JSON.stringify(fields.metadata),
      fields.sourceIp,
      fields.createdAt,
      fields.seq,
      tail.hash,
      auditEntryHash(tail.hash, fields),
    ],
  );
}

/**
 * Takes the organization's chain lock for the rest of the transaction, links any entries written
 * before the chain existed (seq null, oldest first), and returns the chain's last link.
 */
export async function lockAuditChain(sql: Sql, organizationId: string): Promise<ChainTail> {
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}, hashtext($1))`, [organizationId]);
  const { pending, ...last } = await readChainTail(sql, organizationId);
  let tail: ChainTail = last;
  if (!pending) return tail;
  const unchained = await sql.query<UnchainedRow>(
    `SELECT "id", "organizationId", "projectId", "actorType", "actorId", "actorLabel", "action", "targetType",
       "targetId", "metadata", "sourceIp", ${ISO_CREATED_AT} AS "createdAt"
     FROM "AuditLogEntry" WHERE "organizationId" = $1 AND "seq" IS NULL ORDER BY "createdAt", "id"`,
    [organizationId],
  );
  for (const row of unchained) {
    const fields: AuditChainFields = { ...row, seq: tail.seq + 1 };
    const hash = auditEntryHash(tail.hash, fields);
    await sql.query(`UPDATE "AuditLogEntry" SET "seq" = $2, "prevHash" = $3, "hash" = $4 WHERE "id" = $1`, [
      row.id,
      fields.seq,
      tail.hash,
      hash,
    ]);
    tail = { seq: fields.seq, hash };
  }
  return tail;
}

/** createdAt as ISO 8601 UTC text, so the pg driver's local-time parsing never shifts it. */
const ISO_CREATED_AT = `to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type UnchainedRow = Omit<AuditChainFields, "seq"> & { id: string };

/** The last link, and whether entries written before the chain existed wait to be linked (one round trip). */
async function readChainTail(sql: Sql, organizationId: string): Promise<ChainTail & { pending: boolean }> {
  // Both halves are index lookups on (organizationId, seq): null seqs sit together in that index.
  const [row] = await sql.query<{ seq: number | null; hash: string | null; pending: boolean }>(
    `SELECT last."seq", last."hash",
       EXISTS (SELECT 1 FROM "AuditLogEntry" WHERE "organizationId" = $1 AND "seq" IS NULL) AS "pending"
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT "seq", "hash" FROM "AuditLogEntry" WHERE "organizationId" = $1 AND "seq" IS NOT NULL
       ORDER BY "seq" DESC LIMIT 1) AS last ON true`,
    [organizationId],
  );
  return { seq: row?.seq == null ? 0 : Number(row.seq), hash: row?.hash ?? null, pending: row?.pending === true };
}

function asSql(tx: AuditTx): Sql {
  if ("query" in tx) return tx;
  return prismaSql(tx);
}
