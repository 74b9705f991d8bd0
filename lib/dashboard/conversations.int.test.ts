import { describe, expect, it } from "vitest";
import * as conversationRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/route";
import * as conversationsRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/conversations/route";
import { db } from "@/lib/db/client";
import { MAX_DETAIL_CONTENT_CHARS } from "@/lib/dashboard/conversations";
import { generateDemoConversations } from "@/lib/demo/generate";
import { fixtureJson } from "@/lib/ingest/adapters/fixtures/load";
import { ingestConversation } from "@/lib/ingest/conversations";
import { LISTED_PARTICIPANTS } from "@/lib/ingest/read";
import { call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { DEMO_NOW, parsed } from "./testing";

useMigratedDatabase();

const magentic = (fixtureJson("who_and_when/hand-crafted-47.json") as { history: unknown[] }).history;
const injection = generateDemoConversations(DEMO_NOW).find((c) => c.id === "demo-incident-web-injection")!;

interface ListBody {
  conversations: { id: string; externalId: string; participantCount: number; messages: number; flagged: number; blocked: number; participants: string[]; framework: string; lastMessageAt: string | null }[];
  nextCursor: string | null;
}

async function seededTenant(label: string) {
  const t = await createTenant(label);
  const scope = { organizationId: t.organization.id, projectId: t.project.id };
  await ingestConversation(scope, { conversation_id: "magentic-gdp-savings", transcript: magentic, scan: true });
  await ingestConversation(scope, { conversation_id: injection.id, format: "warden", transcript: { messages: injection.messages }, scan: true });
  const params = { orgId: t.organization.id, projectId: t.project.id };
  return { ...t, scope, params, cookie: await sessionCookie(t.owner.id) };
}

describe("GET conversations (dashboard)", () => {
  it("lists the project's conversations newest activity first, filters by risk, pages by cursor", async () => {
    const t = await seededTenant("conv-list");
    const all = await call(conversationsRoute.GET, "GET", "/c", { params: t.params, cookie: t.cookie });
    expect(all.status).toBe(200);
    const body = all.body as ListBody;
    const injectionRow = body.conversations.find((c) => c.externalId === injection.id)!;
    const magenticRow = body.conversations.find((c) => c.externalId === "magentic-gdp-savings")!;
    expect(injectionRow).toMatchObject({ messages: 7, blocked: 2, participants: ["user_proxy", "planner", "web_surfer", "coder", "executor", "reviewer"], framework: "warden" });
    expect(magenticRow.messages).toBe(parsed(magentic).length);
    // Newest activity first: the demo incident happened in 2026, the Magentic-One run without times is stamped at ingest.
    const times = body.conversations.map((c) => Date.parse(c.lastMessageAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const blocked = await call(conversationsRoute.GET, "GET", "/c?risk=blocked", { params: t.params, cookie: t.cookie });
    expect((blocked.body as ListBody).conversations.map((c) => c.externalId)).toEqual([injection.id]);
    const searched = await call(conversationsRoute.GET, "GET", "/c?q=GDP", { params: t.params, cookie: t.cookie });
    expect((searched.body as ListBody).conversations.map((c) => c.externalId)).toEqual(["magentic-gdp-savings"]);

    const first = await call(conversationsRoute.GET, "GET", "/c?limit=1", { params: t.params, cookie: t.cookie });
    expect(first.body.conversations).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(conversationsRoute.GET, "GET", `/c?limit=1&cursor=${first.body.nextCursor}`, { params: t.params, cookie: t.cookie });
    expect(second.body.conversations).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([first.body.conversations[0].id, second.body.conversations[0].id].sort()).toEqual(body.conversations.map((c) => c.id).sort());

    const bad = await call(conversationsRoute.GET, "GET", "/c?risk=maybe", { params: t.params, cookie: t.cookie });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("risk");
  });

  it("pages through every conversation in order, equal times by id and those without a message last, with and without a range", async () => {
    const t = await createTenant("conv-paging");
    const params = { orgId: t.organization.id, projectId: t.project.id };
    const cookie = await sessionCookie(t.owner.id);
    // 23 conversations: times repeat in threes, every fifth has no message yet (no last time).
    const now = Date.now();
    await db().$executeRawUnsafe(
      `INSERT INTO "Conversation" ("id", "organizationId", "projectId", "externalId", "framework", "participants", "startedAt", "lastMessageAt", "updatedAt")
       SELECT gen_random_uuid()::text, $1, $2, 'c-' || i, 'autogen', ARRAY['a', 'b'],
              CASE WHEN i % 5 = 0 THEN NULL ELSE to_timestamp($3::float8 / 1000 - (i / 3) * 60 - 30) AT TIME ZONE 'UTC' END,
              CASE WHEN i % 5 = 0 THEN NULL ELSE to_timestamp($3::float8 / 1000 - (i / 3) * 60) AT TIME ZONE 'UTC' END, now()
       FROM generate_series(1, 23) i`,
      t.organization.id,
      t.project.id,
      now,
    );
    const expected = async (inRange: boolean) =>
      (
        await db().$queryRawUnsafe<{ id: string }[]>(
          `SELECT "id" FROM "Conversation" WHERE "projectId" = $1 ${inRange ? `AND "lastMessageAt" IS NOT NULL` : ""} ORDER BY "lastMessageAt" DESC NULLS LAST, "id" DESC`,
          t.project.id,
        )
      ).map((r) => r.id);
    for (const [query, inRange] of [["", false], ["&range=24h", true]] as const) {
      for (const limit of [1, 2, 5, 50]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await call(conversationsRoute.GET, "GET", `/c?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, { params, cookie });
          expect(page.status).toBe(200);
          seen.push(...(page.body as ListBody).conversations.map((c) => c.id));
          cursor = (page.body as ListBody).nextCursor;
        } while (cursor && seen.length <= 23);
        expect({ limit, query, seen }).toEqual({ limit, query, seen: await expected(inRange) });
      }
    }
    expect((await expected(false)).length).toBe(23);
    expect((await expected(true)).length).toBe(19);
  });

  it("keeps the conversations active in the chosen time range, preset or custom, and refuses a reversed one", async () => {
    const t = await seededTenant("conv-range");
    const ids = (body: ListBody) => body.conversations.map((c) => c.externalId);
    // The Magentic-One run has no times and was stamped at ingest; the demo incident is months old.
    const day = await call(conversationsRoute.GET, "GET", "/c?range=24h", { params: t.params, cookie: t.cookie });
    expect(ids(day.body as ListBody)).toEqual(["magentic-gdp-savings"]);
    const from = new Date(DEMO_NOW.getTime() - 30 * 86_400_000).toISOString();
    const to = new Date(DEMO_NOW.getTime() + 86_400_000).toISOString();
    const custom = await call(conversationsRoute.GET, "GET", `/c?from=${from}&to=${to}`, { params: t.params, cookie: t.cookie });
    expect(ids(custom.body as ListBody)).toEqual([injection.id]);
    const reversed = await call(conversationsRoute.GET, "GET", `/c?from=${to}&to=${from}`, { params: t.params, cookie: t.cookie });
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.field).toBe("to");
  });

  it("shows one conversation's messages in order with senders, recipients and the findings linked to each message", async () => {
    const t = await seededTenant("conv-detail");
    const row = await db().conversation.findFirstOrThrow({ where: { projectId: t.project.id, externalId: injection.id } });
    const res = await call(conversationRoute.GET, "GET", "/c/x", { params: { ...t.params, conversationId: row.id }, cookie: t.cookie });
    expect(res.status).toBe(200);
    const messages = res.body.messages as { seq: number; sender: string; recipients: string[]; recipientsExplicit: boolean; verdict: string; categories: string[]; findings: { category: string; rule: string; span: { start: number; end: number } }[]; content: string }[];
    expect(messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(messages.map((m) => m.sender)).toEqual(["user_proxy", "planner", "web_surfer", "planner", "coder", "executor", "reviewer"]);
    expect(messages[4]).toMatchObject({ recipients: ["executor"], recipientsExplicit: true, verdict: "blocked" });
    expect(messages[2]!.recipients).toEqual(["user_proxy", "planner", "coder", "executor", "reviewer"]);
    expect(messages[2]!.recipientsExplicit).toBe(false);
    // The injected page summary carries its evidence: the spans point into the stored text.
    expect(messages[2]!.verdict).toBe("blocked");
    expect(messages[2]!.categories).toEqual(expect.arrayContaining(["prompt_injection", "code_execution"]));
    const injected = messages[2]!.findings.find((f) => f.rule === "prompt_injection.override.ignore_previous")!;
    expect(messages[2]!.content.slice(injected.span.start, injected.span.end).toLowerCase()).toContain("ignore all previous instructions");
    const shell = messages[4]!.findings.find((f) => f.category === "code_execution")!;
    expect(messages[4]!.content.slice(shell.span.start, shell.span.end)).toContain("/dev/tcp/203.0.113.66/4444");
    expect(messages[0]).toMatchObject({ verdict: "allowed", findings: [] });
    expect(res.body.conversation).toMatchObject({ externalId: injection.id, messages: 7, blocked: 2 });
    expect(res.body.messagesTruncated).toBe(false);

    const real = await db().conversation.findFirstOrThrow({ where: { projectId: t.project.id, externalId: "magentic-gdp-savings" } });
    const magenticRes = await call(conversationRoute.GET, "GET", "/c/x", { params: { ...t.params, conversationId: real.id }, cookie: t.cookie });
    const expected = parsed(magentic);
    expect(magenticRes.body.messages.map((m: { sender: string }) => m.sender)).toEqual(expected.map((m) => m.sender));
    expect(magenticRes.body.messages.map((m: { recipients: string[] }) => m.recipients)).toEqual(expected.map((m) => m.recipients));
  });

  it("lists the first participants of a crowded conversation with their count; its page has them all", async () => {
    const t = await createTenant("conv-crowd");
    const scope = { organizationId: t.organization.id, projectId: t.project.id };
    const messages = Array.from({ length: 60 }, (_, i) => ({ sender: `agent-${String(i).padStart(2, "0")}`, recipients: ["hub"], content: `m${i}` }));
    await ingestConversation(scope, { conversation_id: "crowd", format: "warden", transcript: { messages }, scan: false });
    const params = { orgId: t.organization.id, projectId: t.project.id };
    const cookie = await sessionCookie(t.owner.id);
    const list = await call(conversationsRoute.GET, "GET", "/c", { params, cookie });
    const item = (list.body as ListBody).conversations[0]!;
    expect(item.participants).toHaveLength(LISTED_PARTICIPANTS);
    expect(item).toMatchObject({ participantCount: 61, participants: expect.arrayContaining(["agent-00", "hub"]) });
    const detail = await call(conversationRoute.GET, "GET", "/c/x", { params: { ...params, conversationId: item.id }, cookie });
    expect(detail.body.conversation).toMatchObject({ participantCount: 61 });
    expect(detail.body.conversation.participants).toHaveLength(61);
  });

  it("cuts long contents to MAX_DETAIL_CONTENT_CHARS and says how long they are, emoji included", async () => {
    const t = await createTenant("conv-long");
    const scope = { organizationId: t.organization.id, projectId: t.project.id };
    const emoji = "\u{1F600}"; // two UTF-16 units, one character
    const contents = ["a".repeat(MAX_DETAIL_CONTENT_CHARS + 5_000), emoji.repeat(15_000), emoji.repeat(MAX_DETAIL_CONTENT_CHARS + 1), "short"];
    await ingestConversation(scope, { conversation_id: "long", format: "warden", transcript: { messages: contents.map((content, i) => ({ sender: `agent-${i % 2}`, content })) }, scan: false });
    const row = await db().conversation.findFirstOrThrow({ where: { projectId: t.project.id, externalId: "long" } });
    const res = await call(conversationRoute.GET, "GET", "/c/x", { params: { orgId: t.organization.id, projectId: t.project.id, conversationId: row.id }, cookie: await sessionCookie(t.owner.id) });
    const got = (res.body.messages as { content: string; contentLength: number }[]).map((m) => [m.content, m.contentLength]);
    expect(got).toEqual([
      ["a".repeat(MAX_DETAIL_CONTENT_CHARS), MAX_DETAIL_CONTENT_CHARS + 5_000],
      // 15,000 characters came whole: cut to the limit in UTF-16 units, and counted in them.
      [emoji.repeat(MAX_DETAIL_CONTENT_CHARS / 2), 30_000],
      // Past the limit in characters: counted in characters.
      [emoji.repeat(MAX_DETAIL_CONTENT_CHARS / 2), MAX_DETAIL_CONTENT_CHARS + 1],
      ["short", 5],
    ]);
  });

  it("answers 401 without a session and 404 for another organization's conversation, even by its id", async () => {
    const a = await seededTenant("conv-a");
    const b = await createTenant("conv-b");
    const bCookie = await sessionCookie(b.owner.id);
    const row = await db().conversation.findFirstOrThrow({ where: { projectId: a.project.id, externalId: injection.id } });

    expect((await call(conversationsRoute.GET, "GET", "/c", { params: a.params })).status).toBe(401);
    expect((await call(conversationRoute.GET, "GET", "/c/x", { params: { ...a.params, conversationId: row.id } })).status).toBe(401);

    // B's member asking through A's project: A's organization is not theirs.
    expect((await call(conversationsRoute.GET, "GET", "/c", { params: a.params, cookie: bCookie })).status).toBe(404);
    expect((await call(conversationRoute.GET, "GET", "/c/x", { params: { ...a.params, conversationId: row.id }, cookie: bCookie })).status).toBe(404);
    // B's member asking through B's own project with A's conversation id: not found, same as a made-up id.
    const bParams = { orgId: b.organization.id, projectId: b.project.id };
    const foreign = await call(conversationRoute.GET, "GET", "/c/x", { params: { ...bParams, conversationId: row.id }, cookie: bCookie });
    const madeUp = await call(conversationRoute.GET, "GET", "/c/x", { params: { ...bParams, conversationId: "0197c0de-0000-7000-8000-000000000000" }, cookie: bCookie });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(madeUp.body);
    const bList = await call(conversationsRoute.GET, "GET", "/c", { params: bParams, cookie: bCookie });
    expect(bList.status).toBe(200);
    expect(bList.body.conversations).toEqual([]);
  });
});
