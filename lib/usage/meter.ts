// Usage metering inside the transaction that stores the rows it counts, so counters
// and rows commit or roll back together. Opening the meter locks the month row until
// commit: concurrent writers of one organization queue there, which keeps the counts
// exact, so writers open it as late as they can.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import { ApiError } from "@/lib/http/errors";
import { dayStart, grantUnits, monthStart, quotaPolicy, type Grant, type QuotaPolicy, type Tier } from "./quota";

export interface Meter {
  policy: QuotaPolicy;
  used: number;
  month: string;
  day: string;
}

const date = (at: Date) => at.toISOString().slice(0, 10);

/** The organization's tier and quota, read without locking anything. */
export async function readQuotaPolicy(sql: Sql, organizationId: string): Promise<QuotaPolicy> {
  const rows = await sql.query<{ tier: Tier; quota: number | null }>(
    `SELECT "tier"::text AS "tier", "monthlyEventQuota" AS "quota" FROM "Organization" WHERE "id" = $1`,
    [organizationId],
  );
  const row = rows[0];
  if (!row) throw new ApiError("not_found", "No such organization.");
  return quotaPolicy({ tier: row.tier, monthlyEventQuota: row.quota });
}

/**
 * Ensures, locks and reads this month's usage row of the organization, with its tier, in one
 * statement. With `policy`, units are granted by that policy (the one a batch was stored under)
 * rather than by the tier read here.
 */
export async function openMeter(sql: Sql, organizationId: string, at = new Date(), policy?: QuotaPolicy): Promise<Meter> {
  const month = date(monthStart(at));
  const rows = await sql.query<{ used: number; tier: Tier | null; quota: number | null }>(
    `INSERT INTO "UsageMonth" ("organizationId", "month") VALUES ($1, $2::date)
     ON CONFLICT ("organizationId", "month") DO UPDATE SET "used" = "UsageMonth"."used"
     RETURNING "used",
       (SELECT "tier"::text FROM "Organization" WHERE "id" = $1) AS "tier",
       (SELECT "monthlyEventQuota" FROM "Organization" WHERE "id" = $1) AS "quota"`,
    [organizationId, month],
  );
  const row = rows[0];
  if (!row?.tier) throw new ApiError("not_found", "No such organization.");
  return { policy: policy ?? quotaPolicy({ tier: row.tier, monthlyEventQuota: row.quota }), used: Number(row.used), month, day: date(dayStart(at)) };
}

/** Grants up to `requested` units against the open meter and records granted, dropped and overage units. */
export async function chargeMeter(sql: Sql, organizationId: string, meter: Meter, requested: number): Promise<Grant> {
  const grant = grantUnits(requested, meter.used, meter.policy);
  if (requested === 0) return grant;
  await sql.query(
    `WITH month AS (
       UPDATE "UsageMonth" SET "used" = "used" + $3, "dropped" = "dropped" + $4, "overage" = "overage" + $5
       WHERE "organizationId" = $1 AND "month" = $2::date
     )
     INSERT INTO "UsageDay" ("organizationId", "day", "used", "dropped") VALUES ($1, $6::date, $3, $4)
     ON CONFLICT ("organizationId", "day") DO UPDATE SET "used" = "UsageDay"."used" + EXCLUDED."used", "dropped" = "UsageDay"."dropped" + EXCLUDED."dropped"`,
    [organizationId, meter.month, grant.granted, grant.dropped, grant.overage, meter.day],
  );
  meter.used += grant.granted;
  return grant;
}

export interface MeteredUnits {
  granted: number;
  /** The month's usage around this charge, for the quota alert rules. */
  usage: { month: string; usedBefore: number; usedAfter: number; quota: number };
}

/**
 * A paid batch's charge, as CTEs that another statement can end with. A tier with overage
 * grants every unit, so nothing needs reading before the write: the units and the part of them
 * past the quota (grantUnits' arithmetic, on the row as locked by this very statement) are added
 * to the month row, then to the day row (chargeMeter's order). `after`: a one-row relation the
 * charge selects from, so that it runs only once that relation is complete: the event writer
 * passes its rollups, whose rows are then locked before the usage rows, as by every writer.
 */
export interface OverageCharge {
  /**
   * `usage_month` (returning "used", "usedBefore" and the "quota") and `usage_day`; $1 is the
   * organization id, the charge's own values from $first.
   */
  ctes(first: number, after: string): string;
  values: unknown[];
  /** What the charge granted, from the month's "used" after it. */
  result(usedAfter: number): MeteredUnits;
}

export function overageCharge(requested: number, at: Date, policy: QuotaPolicy): OverageCharge {
  const month = date(monthStart(at));
  return {
    ctes: (first, after) => {
      const [monthParam, day, units, quota] = [0, 1, 2, 3].map((i) => `$${first + i}`);
      return `usage_month AS (
        INSERT INTO "UsageMonth" ("organizationId", "month", "used", "overage")
        SELECT $1, ${monthParam}::date, ${units}::int, GREATEST(0, ${units}::int - ${quota}::int) FROM ${after}
        ON CONFLICT ("organizationId", "month") DO UPDATE SET
          "used" = "UsageMonth"."used" + EXCLUDED."used",
          "overage" = "UsageMonth"."overage" + GREATEST(0, "UsageMonth"."used" + EXCLUDED."used" - ${quota}::int) - GREATEST(0, "UsageMonth"."used" - ${quota}::int)
        RETURNING "used", "used" - ${units}::int AS "usedBefore", ${quota}::int AS "quota"
      ),
      usage_day AS (
        INSERT INTO "UsageDay" ("organizationId", "day", "used", "dropped") SELECT $1, ${day}::date, ${units}::int, 0 FROM usage_month
        ON CONFLICT ("organizationId", "day") DO UPDATE SET "used" = "UsageDay"."used" + EXCLUDED."used"
      )`;
    },
    values: [month, date(dayStart(at)), requested, policy.quota],
    result: (usedAfter) => ({ granted: requested, usage: { month, usedBefore: usedAfter - requested, usedAfter, quota: policy.quota } }),
  };
}

/**
 * Charges `requested` units and answers how many were granted. The month row stays locked
 * until commit, so writers that know the grant cannot refuse anything (`policy` allows
 * overage) call this last, right before commit, where it is a single statement.
 */
export async function meterUnits(sql: Sql, organizationId: string, requested: number, at: Date, policy?: QuotaPolicy): Promise<MeteredUnits> {
  if (policy?.allowsOverage && requested > 0) {
    const charge = overageCharge(requested, at, policy);
    const rows = await sql.query<{ used: number }>(`WITH ${charge.ctes(2, "(VALUES (1)) AS go(x)")} SELECT "used" FROM usage_month`, [organizationId, ...charge.values]);
    return charge.result(Number(rows[0]!.used));
  }
  const meter = await openMeter(sql, organizationId, at, policy);
  const usedBefore = meter.used;
  const { granted } = await chargeMeter(sql, organizationId, meter, requested);
  return { granted, usage: { month: meter.month, usedBefore, usedAfter: meter.used, quota: meter.policy.quota } };
}
