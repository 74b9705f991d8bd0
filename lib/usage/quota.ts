// Tier quotas: what each plan includes per calendar month (UTC), and what happens
// past it. Pure; the metering that enforces it is in meter.ts.

export type Tier = "free" | "team" | "enterprise";

export const TIER_MONTHLY_QUOTA: Record<Tier, number> = { free: 10_000, team: 1_000_000, enterprise: 10_000_000 };

export interface QuotaPolicy {
  quota: number;
  /** Past the quota, paid tiers keep storing and count the excess as overage; Free drops it. */
  allowsOverage: boolean;
}

export function quotaPolicy(org: { tier: Tier; monthlyEventQuota: number | null }): QuotaPolicy {
  const quota = org.tier === "enterprise" && org.monthlyEventQuota !== null ? org.monthlyEventQuota : TIER_MONTHLY_QUOTA[org.tier];
  return { quota, allowsOverage: org.tier !== "free" };
}

/** First day of the UTC month of `at`, as a date-only value. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function dayStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export interface Grant {
  granted: number;
  dropped: number;
  overage: number;
}

/** How many of `requested` units fit, given what the month has `used`. */
export function grantUnits(requested: number, used: number, policy: QuotaPolicy): Grant {
  if (policy.allowsOverage) {
    const overage = Math.max(0, used + requested - policy.quota) - Math.max(0, used - policy.quota);
    return { granted: requested, dropped: 0, overage };
  }
  const granted = Math.min(requested, Math.max(0, policy.quota - used));
  return { granted, dropped: requested - granted, overage: 0 };
}
