// How long each organization keeps event and message detail. Pure, so the purge, the settings
// page and the tests agree on one rule.
import type { Tier } from "@/lib/usage/quota";

export const TIER_RETENTION_DAYS: Record<Tier, number> = { free: 7, team: 90, enterprise: 365 };

/** Bounds of Organization.retentionDays, which only an Enterprise organization's owner may set. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3_650;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days of detail kept: the tier's, or for Enterprise the organization's own setting. */
export function retentionDays(org: { tier: Tier; retentionDays: number | null }): number {
  return org.tier === "enterprise" && org.retentionDays !== null ? org.retentionDays : TIER_RETENTION_DAYS[org.tier];
}

/** Rows that happened strictly before this instant are expired. */
export function retentionCutoff(org: { tier: Tier; retentionDays: number | null }, now: Date): Date {
  return new Date(now.getTime() - retentionDays(org) * DAY_MS);
}
