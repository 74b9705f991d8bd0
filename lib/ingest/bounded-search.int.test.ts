import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTenant } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { ingestEventBatch } from "./event-batch";
import { eventQuerySchema, listEvents, listEventSummaries, type EventScanBudget } from "./read";

useMigratedDatabase();

// Searches (text, conversation, category) read the range in slices within a budget per request
// (read.ts): here 10 events a slice and 20 a request, over 96 events in 8 hours, so a rare match
// takes several requests. Following the cursors must give exactly the events, in exactly the
// order, that one unbounded read gives.
const SMALL: EventScanBudget = { sliceEvents: 10, maxEvents: 20 };
const UNBOUNDED: EventScanBudget = { sliceEvents: Number.MAX_SAFE_INTEGER, maxEvents: Number.MAX_SAFE_INTEGER };
const BASE = Date.UTC(2026, 10, 20, 0, 0, 0);

async function seeded(label: string) {
  const t = await createTenant(label);
  const scope = { organizationId: t.organization.id, projectId: t.project.id };
  const events = Array.from({ length: 96 }, (_, i) => ({
    id: `e-${i}`,
    agent_id: i % 2 ? "coder" : "planner",
    direction: "inbound" as const,
    verdict: "allowed" as const,
    risk_score: 0,
    findings: [],
    // The needle is in the first event of every hour and the last before it (slices start at hour
    // starts, so an off-by-one at a slice's edge loses or repeats one); every 17th event belongs to
    // one conversation. Times repeat in pairs.
    text: i % 12 === 0 || i % 12 === 11 ? `fetch the NeedLe from host ${i}` : `ordinary message ${i}`,
    conversation_id: i % 17 === 0 ? "run-rare" : "run-common",
    occurred_at: new Date(BASE + Math.floor(i / 2) * 10 * 60_000).toISOString(),
  }));
  const stored = await ingestEventBatch(scope, events, "full");
  expect(stored.stored).toBe(96);
  return scope;
}

type Lister = typeof listEvents | typeof listEventSummaries;

async function follow(lister: Lister, scope: { organizationId: string; projectId: string }, params: Record<string, unknown>, budget: EventScanBudget) {
  const ids: string[] = [];
  const pages: { n: number; searchedBackTo: string | null }[] = [];
  let cursor: string | undefined;
  do {
    const page = await lister(scope, eventQuerySchema.parse({ ...params, cursor }), budget);
    ids.push(...page.events.map((e) => e.client_id ?? e.id));
    pages.push({ n: page.events.length, searchedBackTo: page.searched_back_to });
    cursor = page.next_cursor ?? undefined;
  } while (cursor && pages.length < 200);
  return { ids, pages };
}

describe("bounded searches over events", () => {
  it("finds every match of a text search, in order, across requests that each read a bounded slice", async () => {
    const scope = await seeded("bounded-text");
    const range = { from: new Date(BASE - 3_600_000).toISOString(), to: new Date(BASE + 9 * 3_600_000).toISOString() };
    const expected = (
      await db().scanEvent.findMany({ where: { projectId: scope.projectId, text: { contains: "needle", mode: "insensitive" } }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] })
    ).map((e) => e.clientEventId);
    expect(expected).toHaveLength(16);
    for (const lister of [listEventSummaries, listEvents] as Lister[]) {
      for (const limit of [1, 3, 50]) {
        const bounded = await follow(lister, scope, { q: "needle", limit, ...range }, SMALL);
        expect(bounded.ids).toEqual(expected);
        // The budget was reached: some answers held fewer than `limit` events and said where they
        // stopped (with a limit of 1, every request finds its one match within budget).
        if (limit > 1) expect(bounded.pages.some((p) => p.searchedBackTo !== null && p.n < limit)).toBe(true);
        expect(bounded.pages.at(-1)?.searchedBackTo).toBeNull();
        const whole = await follow(lister, scope, { q: "needle", limit, ...range }, UNBOUNDED);
        expect(whole.ids).toEqual(expected);
        expect(whole.pages.every((p) => p.searchedBackTo === null)).toBe(true);
      }
    }
  });

  it("does the same for a conversation filter without a range, and reads unfiltered lists whole", async () => {
    const scope = await seeded("bounded-conversation");
    const expected = (
      await db().scanEvent.findMany({ where: { projectId: scope.projectId, conversationRef: "run-rare" }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] })
    ).map((e) => e.clientEventId);
    expect(expected).toHaveLength(6);
    const bounded = await follow(listEvents, scope, { conversation_id: "run-rare", limit: 4 }, SMALL);
    expect(bounded.ids).toEqual(expected);
    expect(bounded.pages.some((p) => p.searchedBackTo !== null)).toBe(true);
    // With an agent as well, slices count that agent's events only (EventHour): the planner's
    // 48 events are read in fewer requests than the project's 96 would need.
    const mine = (await db().scanEvent.findMany({ where: { projectId: scope.projectId, conversationRef: "run-rare", agent: { name: "planner" } }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] })).map((e) => e.clientEventId);
    expect(mine.length).toBeGreaterThan(0);
    const narrowed = await follow(listEvents, scope, { conversation_id: "run-rare", agent_id: "planner", limit: 50 }, SMALL);
    expect(narrowed.ids).toEqual(mine);
    const projectWide = await follow(listEvents, scope, { conversation_id: "run-rare", limit: 50 }, SMALL);
    expect(narrowed.pages.length).toBeLessThan(projectWide.pages.length);
    // A verdict or agent filter has an index in time order: one read, full pages, no stop.
    const plain = await follow(listEvents, scope, { agent_id: "coder", limit: 10 }, SMALL);
    expect(plain.ids).toHaveLength(48);
    expect(plain.pages.slice(0, -1).every((p) => p.n === 10 && p.searchedBackTo === null)).toBe(true);
  });
});
