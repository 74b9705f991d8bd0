// Usage metering inside the transaction that stores the rows it counts, so counters
// and rows commit or roll back together. The month row is locked first: concurrent
// writers of one organization queue here, which keeps the counts exact.
import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/http/errors";
import { dayStart, grantUnits, monthStart, quotaPolicy, type Grant, type QuotaPolicy, type Tier } from "./quota";

export interface Meter {
  policy: QuotaPolicy;
  used: number;
  month: Date;
  day: Date;
}

/** Locks this month's usage row of the organization and reads it. Call before inserting. */
export async function openMeter(tx: Prisma.TransactionClient, organizationId: string, at = new Date()): Promise<Meter> {
  const month = monthStart(at);
  const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { tier: true, monthlyEventQuota: true } });
  if (!org) throw new ApiError("not_found", "No such organization.");
  await tx.$executeRaw`INSERT INTO "UsageMonth" ("organizationId", "month") VALUES (${organizationId}, ${month}::date) ON CONFLICT DO NOTHING`;
  const rows = await tx.$queryRaw<{ used: number }[]>`
    SELECT "used" FROM "UsageMonth" WHERE "organizationId" = ${organizationId} AND "month" = ${month}::date FOR UPDATE`;
  return { policy: quotaPolicy({ tier: org.tier as Tier, monthlyEventQuota: org.monthlyEventQuota }), used: rows[0]?.used ?? 0, month, day: dayStart(at) };
}

/** Grants up to `requested` units against the open meter and records granted, dropped and overage units. */
export async function chargeMeter(tx: Prisma.TransactionClient, organizationId: string, meter: Meter, requested: number): Promise<Grant> {
  const grant = grantUnits(requested, meter.used, meter.policy);
  if (requested === 0) return grant;
  await tx.$executeRaw`
    UPDATE "UsageMonth" SET "used" = "used" + ${grant.granted}, "dropped" = "dropped" + ${grant.dropped}, "overage" = "overage" + ${grant.overage}
    WHERE "organizationId" = ${organizationId} AND "month" = ${meter.month}::date`;
  await tx.$executeRaw`
    INSERT INTO "UsageDay" ("organizationId", "day", "used", "dropped") VALUES (${organizationId}, ${meter.day}::date, ${grant.granted}, ${grant.dropped})
    ON CONFLICT ("organizationId", "day") DO UPDATE SET "used" = "UsageDay"."used" + EXCLUDED."used", "dropped" = "UsageDay"."dropped" + EXCLUDED."dropped"`;
  meter.used += grant.granted;
  return grant;
}
