import { describe, expect, it } from "vitest";
import { retentionCutoff, retentionDays } from "./policy";

describe("retention policy", () => {
  it("keeps 7 days on Free and 90 on Team, whatever retentionDays says", () => {
    expect(retentionDays({ tier: "free", retentionDays: null })).toBe(7);
    expect(retentionDays({ tier: "free", retentionDays: 400 })).toBe(7);
    expect(retentionDays({ tier: "team", retentionDays: 5 })).toBe(90);
  });

  it("keeps an Enterprise organization's own setting, 365 days when unset", () => {
    expect(retentionDays({ tier: "enterprise", retentionDays: 30 })).toBe(30);
    expect(retentionDays({ tier: "enterprise", retentionDays: null })).toBe(365);
  });

  it("puts the cutoff whole days before now, in UTC instants", () => {
    expect(retentionCutoff({ tier: "free", retentionDays: null }, new Date("2026-03-31T01:30:00Z")).toISOString()).toBe("2026-03-24T01:30:00.000Z");
  });
});
