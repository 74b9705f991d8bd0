// This month's usage of an organization against its quota, with the daily series.
import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { monthStart, quotaPolicy, type Tier } from "./quota";

export async function usageSummary(organizationId: string, now = new Date()) {
  const month = monthStart(now);
  const nextMonth = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  const [org, row, days] = await Promise.all([
    db().organization.findUnique({ where: { id: organizationId }, select: { tier: true, monthlyEventQuota: true } }),
    db().usageMonth.findUnique({ where: { organizationId_month: { organizationId, month } } }),
    db().usageDay.findMany({ where: { organizationId, day: { gte: month, lt: nextMonth } }, orderBy: { day: "asc" } }),
  ]);
  if (!org) throw new ApiError("not_found", "No such organization.");
  const policy = quotaPolicy({ tier: org.tier as Tier, monthlyEventQuota: org.monthlyEventQuota });
  return {
    tier: org.tier,
    month: month.toISOString().slice(0, 7),
    quota: policy.quota,
    allows_overage: policy.allowsOverage,
    used: row?.used ?? 0,
    dropped: row?.dropped ?? 0,
    overage: row?.overage ?? 0,
    days: days.map((d) => ({ day: d.day.toISOString().slice(0, 10), used: d.used, dropped: d.dropped })),
  };
}
