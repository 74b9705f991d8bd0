import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";

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

type Tx = Pick<Db, "auditLogEntry">;

/** Writes one audit log entry; pass the transaction so the entry commits with the change it records. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLogEntry.create({
    data: {
      organizationId: entry.organizationId,
      projectId: entry.projectId ?? null,
      actorType: entry.actor.type,
      actorId: entry.actor.type === "system" ? null : entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
      sourceIp: entry.sourceIp ?? null,
    },
  });
}
