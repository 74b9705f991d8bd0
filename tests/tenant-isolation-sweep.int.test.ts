import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { generateDemoConversations } from "@/lib/demo/generate";
import { ingestConversation } from "@/lib/ingest/conversations";
import { addMemberWithRole, call, createTenantWithKey, liftApiRateLimit } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

// Every route, every method: organization B's session and key, given organization A's ids in the
// path and in the query, never answer with A's data and never change it. A route added later is
// covered as it lands (its parameters must be named below, or this test fails). The hand-written
// tenant-isolation.int.test.ts beside it sends valid bodies to the foundation's routes.
const routes = import.meta.glob("/app/api/**/route.ts");

liftApiRateLimit();

useMigratedDatabase();

/** One hash per table of everything organization `orgId` owns: any write to it changes one. */
async function snapshot(orgId: string): Promise<Record<string, string>> {
  const { rows: tables } = await pool().query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'organizationId' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of [...tables, { table_name: "Organization" }]) {
    const column = table_name === "Organization" ? "id" : "organizationId";
    const { rows } = await pool().query<{ h: string | null; n: number }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*)::int AS n FROM "${table_name}" t WHERE "${column}" = $1`,
      [orgId],
    );
    out[table_name] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return out;
}

describe("tenant isolation on every API route", () => {
  it("never shows or changes organization A's data to organization B, whatever ids B sends", async () => {
    // `marker` names A's conversation and agents, which B then asks for by name; `hidden` is in
    // A's contents, titles and names only, never in anything B sends, so no answer may hold it.
    const marker = `tenant-a-${randomBytes(4).toString("hex")}`;
    const hidden = `a-private-${randomBytes(4).toString("hex")}`;
    const a = await createTenantWithKey(`iso-a-${hidden}`, ["scan", "ingest", "read"]);
    const b = await createTenantWithKey("iso-b", ["scan", "ingest", "read"]);
    const scopeA = { organizationId: a.organization.id, projectId: a.project.id };

    // A's data: a scanned conversation (events, messages, an alert), a member, a webhook with a
    // delivery, an export job.
    const demo = generateDemoConversations(new Date()).find((c) => c.id === "demo-incident-web-injection")!;
    const messages = demo.messages.map((m) => ({ ...m, sender: `${marker}-${m.sender}`, content: `${m.content} ${hidden}`, recipients: m.recipients?.map((r) => `${marker}-${r}`) }));
    await ingestConversation(scopeA, { conversation_id: `${marker}-conversation`, format: "warden", transcript: { messages }, scan: true });
    const conversation = await db().conversation.findFirstOrThrow({ where: { projectId: a.project.id } });
    const event = await db().scanEvent.findFirstOrThrow({ where: { projectId: a.project.id } });
    const agent = await db().agent.findFirstOrThrow({ where: { projectId: a.project.id } });
    const rule = await db().alertRule.findFirstOrThrow({ where: { projectId: a.project.id } });
    const alert =
      (await db().alert.findFirst({ where: { projectId: a.project.id } })) ??
      (await db().alert.create({
        data: { ...scopeA, ruleId: rule.id, ruleName: rule.name, ruleType: rule.type, severity: "high", subjectKey: hidden, title: hidden, measured: {}, evidence: [], firstSeenAt: new Date(), lastSeenAt: new Date() },
      }));
    const member = await addMemberWithRole(a.organization.id, "viewer", hidden);
    const membership = await db().membership.findFirstOrThrow({ where: { organizationId: a.organization.id, userId: member.id } });
    const webhook = await db().webhook.create({ data: { ...scopeA, ruleId: rule.id, url: `https://hooks.example.com/${hidden}`, secret: "whsec_test" } });
    await db().webhookDelivery.create({ data: { ...scopeA, webhookId: webhook.id, alertId: alert.id, event: "alert.opened", body: JSON.stringify({ hidden }) } });
    const exportJob = await db().exportJob.create({
      data: { ...scopeA, kind: "conversations", format: "jsonl", filters: {}, status: "failed", requestedByType: "user", requestedById: a.owner.id, requestedByLabel: a.owner.email, error: hidden },
    });
    const key = await db().apiKey.findFirstOrThrow({ where: { projectId: a.project.id } });

    // What B must never see in a successful answer: A's private text and the ids B only ever
    // sends in paths (which must then be refused). Ids B also sends in bodies (a rule, a
    // conversation) may be echoed back as B's own input; the snapshot below covers those.
    const secrets = [hidden, a.organization.id, a.project.id, event.id, alert.id, membership.id, webhook.id, exportJob.id, key.id, key.prefix];
    const aIds: Record<string, string> = {
      orgId: a.organization.id,
      projectId: a.project.id,
      membershipId: membership.id,
      agent: agent.name,
      ruleId: rule.id,
      alertId: alert.id,
      keyId: key.id,
      conversationId: conversation.id,
      eventId: event.id,
      exportId: exportJob.id,
      webhookId: webhook.id,
    };
    const bOwn: Record<string, string> = { orgId: b.organization.id, projectId: b.project.id };
    const query = new URLSearchParams({
      conversation_id: conversation.externalId, conversation: conversation.id, agent_id: agent.name, agent: agent.name, q: hidden,
      webhookId: webhook.id, ruleId: rule.id, alertId: alert.id, project: a.project.id, projectId: a.project.id,
    }).toString();
    const bodies: unknown[] = [
      {}, { enabled: false }, { note: "b-note" }, { name: "b-name" }, { role: "owner" }, { retentionDays: 30 }, { scopes: ["read"] },
      { url: "https://hooks.example.com/other", ruleId: rule.id }, { kind: "conversations", format: "jsonl", conversation: conversation.id },
      { text: "b-text", direction: "inbound", agent_id: agent.name, conversation_id: conversation.externalId },
      { conversation_id: conversation.externalId, format: "warden", transcript: { messages: [{ sender: agent.name, content: "b-content" }] } },
      { events: [{ id: "b-event", agent_id: agent.name, direction: "inbound", verdict: "allowed", risk_score: 0, conversation_id: conversation.externalId }] },
    ];

    const before = await snapshot(a.organization.id);
    const failures: string[] = [];
    let requests = 0;
    for (const [file, load] of Object.entries(routes)) {
      if (file.includes("[...nextauth]")) continue; // next-auth's own handler
      const module = (await load()) as Record<string, unknown>;
      const names = [...file.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]!);
      for (const name of names) if (!(name in aIds)) failures.push(`${file}: no id of A for the parameter "${name}"`);
      const v1 = file.includes("/api/v1/");
      // v1 routes are scoped by the key; they name conversations by the client's id.
      const v1Ids: Record<string, string> = { ...aIds, conversationId: conversation.externalId };
      const paramSets: { params: Record<string, string>; foreign: boolean }[] = v1
        ? [{ params: Object.fromEntries(names.map((n) => [n, v1Ids[n]!])), foreign: names.length > 0 }]
        : [
            { params: Object.fromEntries(names.map((n) => [n, aIds[n]!])), foreign: names.length > 0 },
            // B's own organization (and project), A's ids for everything else.
            { params: Object.fromEntries(names.map((n) => [n, bOwn[n] ?? aIds[n]!])), foreign: names.some((n) => !(n in bOwn)) },
            // B's organization with A's project.
            ...(names.includes("projectId") ? [{ params: Object.fromEntries(names.map((n) => [n, n === "orgId" ? b.organization.id : aIds[n]!])), foreign: true }] : []),
          ];
      const auth = v1 ? { bearer: b.secret } : { cookie: b.cookie };
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const handler = module[method] as Parameters<typeof call>[0] | undefined;
        if (!handler) continue;
        for (const { params, foreign } of paramSets) {
          const attempts = method === "GET" || method === "DELETE" ? [{ path: "/x" }, { path: `/x?${query}` }] : bodies.map((json) => ({ path: "/x", json }));
          for (const attempt of attempts) {
            requests++;
            const res = await call(handler, method, attempt.path, { ...auth, params, headers: { origin: "http://localhost:3000" }, ...("json" in attempt ? { json: attempt.json } : {}) });
            const label = `${method} ${file} ${JSON.stringify(params)} ${attempt.path.slice(0, 40)} ${"json" in attempt ? JSON.stringify(attempt.json).slice(0, 60) : ""}`;
            if (res.status >= 500) failures.push(`${res.status} ${label}`);
            if (foreign && res.status < 300) failures.push(`${res.status} with A's ids: ${label}`);
            if (res.status < 300) {
              const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
              const leaked = secrets.filter((s) => text.includes(s));
              if (leaked.length > 0) failures.push(`leaked ${leaked.join(", ")}: ${label}`);
            }
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(800); // 824 when written
    expect(failures).toEqual([]);
    expect(await snapshot(a.organization.id)).toEqual(before);
  }, 300_000);
});
