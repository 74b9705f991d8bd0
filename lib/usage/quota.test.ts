import { describe, expect, it } from "vitest";
import { dayStart, grantUnits, monthStart, quotaPolicy } from "./quota";

describe("quotaPolicy", () => {
  it("gives Free 10,000 events without overage, Team 1,000,000 with overage, Enterprise its own quota", () => {
    expect(quotaPolicy({ tier: "free", monthlyEventQuota: null })).toEqual({ quota: 10_000, allowsOverage: false });
    expect(quotaPolicy({ tier: "team", monthlyEventQuota: null })).toEqual({ quota: 1_000_000, allowsOverage: true });
    expect(quotaPolicy({ tier: "enterprise", monthlyEventQuota: 25_000_000 })).toEqual({ quota: 25_000_000, allowsOverage: true });
    // A quota set on a Free organization does not lift its limit: only Enterprise quotas are per organization.
    expect(quotaPolicy({ tier: "free", monthlyEventQuota: 99 })).toEqual({ quota: 10_000, allowsOverage: false });
  });
});

describe("grantUnits", () => {
  const free = { quota: 10_000, allowsOverage: false };
  const team = { quota: 1_000, allowsOverage: true };

  it("grants everything below the quota", () => {
    expect(grantUnits(100, 0, free)).toEqual({ granted: 100, dropped: 0, overage: 0 });
  });

  it("grants exactly up to the quota on Free and drops the rest", () => {
    expect(grantUnits(10, 9_995, free)).toEqual({ granted: 5, dropped: 5, overage: 0 });
    expect(grantUnits(1, 10_000, free)).toEqual({ granted: 0, dropped: 1, overage: 0 });
    expect(grantUnits(1, 9_999, free)).toEqual({ granted: 1, dropped: 0, overage: 0 });
  });

  it("stores everything on paid tiers and counts only the part past the quota as overage", () => {
    expect(grantUnits(10, 995, team)).toEqual({ granted: 10, dropped: 0, overage: 5 });
    expect(grantUnits(10, 2_000, team)).toEqual({ granted: 10, dropped: 0, overage: 10 });
  });
});

describe("month and day boundaries", () => {
  it("are UTC", () => {
    expect(monthStart(new Date("2026-11-30T23:59:59.999-05:00")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(dayStart(new Date("2026-03-08T01:30:00+01:00")).toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });
});
