// Reading and changing how long an organization keeps event and message detail.
import "server-only";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import type { Tier } from "@/lib/usage/quota";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionDays, TIER_RETENTION_DAYS } from "./policy";

export const retentionSettingSchema = z.strictObject({
  /** Days of detail to keep; null returns to the tier's default. */
  retention_days: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).nullable(),
});

export async function retentionSummary(organizationId: string) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { tier: true, retentionDays: true } });
  const lastPurge = await db().auditLogEntry.findFirst({
    where: { organizationId, action: "retention.purged" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, metadata: true },
  });
  return {
    tier: org.tier,
    days: retentionDays({ tier: org.tier as Tier, retentionDays: org.retentionDays }),
    tier_default_days: TIER_RETENTION_DAYS[org.tier as Tier],
    custom_days: org.tier === "enterprise" ? org.retentionDays : null,
    configurable: org.tier === "enterprise",
    last_purge: lastPurge ? { at: lastPurge.createdAt.toISOString(), metadata: lastPurge.metadata } : null,
  };
}

/** Only Enterprise retention is configurable: the other tiers' retention is part of the plan. */
export async function updateRetentionDays(organizationId: string, days: number | null, actor: Actor, sourceIp: string | null) {
  await db().$transaction(async (tx) => {
    const [org] = await tx.$queryRaw<{ tier: Tier; retentionDays: number | null }[]>`
      SELECT "tier"::text AS "tier", "retentionDays" FROM "Organization" WHERE "id" = ${organizationId} FOR NO KEY UPDATE`;
    if (!org) throw new ApiError("not_found", "No such organization.");
    if (org.tier !== "enterprise") {
      throw new ApiError("conflict", `Retention is ${TIER_RETENTION_DAYS[org.tier]} days on the ${org.tier} tier; only Enterprise organizations choose their own.`, {
        field: "retention_days",
      });
    }
    await tx.organization.update({ where: { id: organizationId }, data: { retentionDays: days } });
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "retention.updated",
      targetType: "organization",
      targetId: organizationId,
      sourceIp,
      metadata: { from: org.retentionDays, to: days },
    });
  });
  return retentionSummary(organizationId);
}
