import { describe, expect, it } from "vitest";
import * as overviewRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/overview/route";
import { db } from "@/lib/db/client";
import { storeScanEvents, type ScanEventInput } from "@/lib/ingest/record-event";
import { call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

const HOUR = 3_600_000;
function event(agentName: string, verdict: ScanEventInput["verdict"], hoursAgo: number, category?: "code_execution" | "prompt_injection"): ScanEventInput {
  return {
    source: "ingest",
    agentName,
    direction: "internal",
    verdict,
    riskScore: verdict === "allowed" ? 0.02 : 0.95,
    findings: category ? [{ category, rule: `${category}.test`, severity: "critical", score: 0.95, span: { start: 0, end: 4 }, explanation: "test" }] : [],
    text: "text",
    textStorage: "none",
    latencyMs: 0,
    occurredAt: new Date(Date.now() - hoursAgo * HOUR),
  };
}

describe("GET overview", () => {
  it("counts the range, compares with the previous range, stacks blocked by category and ranks agents", async () => {
    const t = await createTenant("overview");
    const scope = { organizationId: t.organization.id, projectId: t.project.id };
    await storeScanEvents(scope, [
      event("coder", "blocked", 1, "code_execution"),
      event("coder", "blocked", 2, "code_execution"),
      event("web_surfer", "blocked", 3, "prompt_injection"),
      event("web_surfer", "flagged", 3, "prompt_injection"),
      event("planner", "allowed", 4),
      event("planner", "allowed", 30), // previous 24 h
      event("planner", "allowed", 50), // outside both ranges
    ]);
    const cookie = await sessionCookie(t.owner.id);
    const params = { orgId: t.organization.id, projectId: t.project.id };
    const res = await call(overviewRoute.GET, "GET", "/api/overview?range=24h&tz=Europe/Berlin", { params, cookie });
    expect(res.status).toBe(200);
    const tiles = Object.fromEntries(res.body.tiles.map((tile: { key: string; value: number; previous: number }) => [tile.key, tile]));
    expect(tiles.events).toMatchObject({ value: 5, previous: 1 });
    expect(tiles.blocked).toMatchObject({ value: 3, previous: 0 });
    expect(tiles.activeAgents.value).toBe(3);
    expect(res.body.timeline.totals).toEqual({ allowed: 1, flagged: 1, blocked: 3, total: 5 });
    const stacked = res.body.timeline.points.reduce(
      (sum: Record<string, number>, p: Record<string, number>) => ({
        code: sum.code! + (p.blocked_code_execution ?? 0),
        injection: sum.injection! + (p.blocked_prompt_injection ?? 0),
      }),
      { code: 0, injection: 0 },
    );
    expect(stacked).toEqual({ code: 2, injection: 1 });
    // 15-minute buckets aligned to the clock: 96 of them, or 97 when the range starts mid-bucket.
    const points = res.body.timeline.points as { start: number; end: number }[];
    expect(points.length).toBeGreaterThanOrEqual(96);
    expect(points.length).toBeLessThanOrEqual(97);
    expect(points.every((p) => p.end - p.start === 15 * 60_000)).toBe(true);
    expect(res.body.topAgents.map((a: { name: string }) => a.name)).toEqual(["coder", "web_surfer"]);
    expect(res.body.quota).toMatchObject({ used: 7, quota: 10_000 });
  });

  it("lists the newest unresolved alerts seen in the range, never resolved ones or another project's", async () => {
    const t = await createTenant("overview-alerts");
    const other = await createTenant("overview-alerts-other");
    const alert = (tenant: typeof t, title: string, status: "open" | "acknowledged" | "resolved", hoursAgo: number) => {
      const at = new Date(Date.now() - hoursAgo * HOUR);
      return db().alert.create({
        data: {
          organizationId: tenant.organization.id,
          projectId: tenant.project.id,
          ruleName: "Flooding",
          ruleType: "flooding",
          severity: "high",
          status,
          subjectKey: `agent:${title}`,
          title,
          measured: {},
          evidence: [],
          firstSeenAt: at,
          lastSeenAt: at,
        },
      });
    };
    await alert(t, "web_surfer floods", "open", 1);
    await alert(t, "coder repeats", "acknowledged", 2);
    await alert(t, "already handled", "resolved", 1);
    await alert(t, "last week", "open", 100);
    await alert(other, "someone else's", "open", 1);
    const res = await call(overviewRoute.GET, "GET", "/api/overview?range=24h", {
      params: { orgId: t.organization.id, projectId: t.project.id },
      cookie: await sessionCookie(t.owner.id),
    });
    expect(res.status).toBe(200);
    expect(res.body.recentAlerts.map((a: { title: string }) => a.title)).toEqual(["web_surfer floods", "coder repeats"]);
    expect(res.body.tiles.find((tile: { key: string }) => tile.key === "openAlerts")?.value).toBe(2);
  });

  it("refuses another organization (404), no session (401) and a bad range (422 naming it)", async () => {
    const a = await createTenant("overview-a");
    const b = await createTenant("overview-b");
    const params = { orgId: a.organization.id, projectId: a.project.id };
    expect((await call(overviewRoute.GET, "GET", "/o", { params, cookie: await sessionCookie(b.owner.id) })).status).toBe(404);
    expect((await call(overviewRoute.GET, "GET", "/o", { params })).status).toBe(401);
    const bad = await call(overviewRoute.GET, "GET", "/o?range=forever", { params, cookie: await sessionCookie(a.owner.id) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("range");
  });
});
