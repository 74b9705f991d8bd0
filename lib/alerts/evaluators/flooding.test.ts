import { describe, expect, it } from "vitest";
import { DEFAULT_FLOODING } from "./default-params.test-data";
import { evaluateFloodingRule } from "./flooding";
import { conversationOf, everyone, facts, magenticOneRun } from "./testing";
import type { FloodingParams } from "../rule-types";

function totals(messages: { sender: string }[]) {
  const out = new Map<string, number>();
  for (const m of messages) out.set(m.sender, (out.get(m.sender) ?? 0) + 1);
  return out;
}

function evaluate(params: FloodingParams, all: ReturnType<typeof facts>, freshFrom = 0) {
  return evaluateFloodingRule(params, {
    conversation: conversationOf(all),
    prior: all.slice(0, freshFrom),
    fresh: all.slice(freshFrom),
    senderTotals: totals(all),
    inScope: everyone,
  });
}

describe("flooding with the default rule on real transcripts", () => {
  const ordinary = magenticOneRun();

  it("does not fire on an ordinary 67-message Magentic-One run paced like model calls", () => {
    expect(ordinary).toHaveLength(67);
    expect(evaluate(DEFAULT_FLOODING, facts(ordinary, 20_000))).toEqual([]);
  });

  it("fires on a group chat of the same length where WebSurfer floods the chat with page dumps", () => {
    const surfer = ordinary.filter((m) => m.sender === "WebSurfer");
    const flooding = [
      ...ordinary.slice(0, 10),
      ...Array.from({ length: ordinary.length - 10 }, (_, i) => ({ sender: "WebSurfer", content: `${surfer[i % surfer.length]!.content}\n(page ${i + 1})` })),
    ];
    expect(flooding).toHaveLength(ordinary.length);
    const offsets = flooding.map((_, i) => (i < 10 ? i * 20_000 : 200_000 + (i - 10) * 700));
    const [match, ...rest] = evaluate(DEFAULT_FLOODING, facts(flooding, offsets));
    expect(rest).toEqual([]);
    expect(match).toMatchObject({ agentName: "WebSurfer", subjectKey: "conversation:c-1:agent:WebSurfer" });
    expect(match!.measured.messagesInWindow).toBeGreaterThanOrEqual(20);
    expect(match!.evidence.every((e) => e.type === "message" && e.sender === "WebSurfer")).toBe(true);
  });
});

describe("flooding boundaries (documented in rule-types.ts)", () => {
  const params: FloodingParams = { maxMessages: 5, windowSeconds: 10, sharePercent: null, minMessages: 30 };
  const burst = (n: number, spanMs: number) => facts(Array.from({ length: n }, (_, i) => ({ sender: "coder", content: `step ${i}` })), spanMs / Math.max(1, n - 1));

  it("fires for exactly N messages whose first and last are exactly W seconds apart", () => {
    expect(evaluate(params, burst(5, 10_000))).toHaveLength(1);
  });
  it("does not fire when the N messages span W seconds and one millisecond", () => {
    expect(evaluate(params, burst(5, 10_001))).toEqual([]);
  });
  it("does not fire for N - 1 messages however close together", () => {
    expect(evaluate(params, burst(4, 0))).toEqual([]);
  });

  const share: FloodingParams = { maxMessages: 1_000, windowSeconds: 1, sharePercent: 50, minMessages: 10 };
  const split = (mine: number, others: number) =>
    facts([...Array.from({ length: others }, (_, i) => ({ sender: i % 2 ? "planner" : "reviewer", content: `note ${i}` })), ...Array.from({ length: mine }, (_, i) => ({ sender: "coder", content: `code ${i}` }))], 60_000);

  it("share: exactly X% of the messages does not fire (strictly more is required)", () => {
    expect(evaluate(share, split(5, 5))).toEqual([]);
  });
  it("share: more than X% fires, with the measured share", () => {
    const [match] = evaluate(share, split(6, 5));
    expect(match?.measured).toMatchObject({ agentMessages: 6, conversationMessages: 11, maxSharePercent: 50 });
  });
  it("share: below M messages in the conversation it does not apply", () => {
    expect(evaluate(share, split(6, 3))).toEqual([]);
  });
});

describe("flooding is incremental", () => {
  const params: FloodingParams = { maxMessages: 5, windowSeconds: 10, sharePercent: null, minMessages: 30 };
  const all = facts(Array.from({ length: 8 }, (_, i) => ({ sender: "coder", content: `step ${i}` })), [0, 1_000, 2_000, 3_000, 4_000, 60_000, 120_000, 180_000]);

  it("a burst already judged in an earlier request is not judged again when unrelated messages arrive", () => {
    expect(evaluate(params, all, 5)).toEqual([]);
  });
  it("the window may reach back into stored messages: the fifth message in ten seconds fires", () => {
    const [match] = evaluate(params, all.slice(0, 5), 4);
    expect(match?.measured.messagesInWindow).toBe(5);
  });
  it("an agent outside the rule's pattern is not counted", () => {
    const result = evaluateFloodingRule(params, { conversation: conversationOf(all), prior: [], fresh: all.slice(0, 5), senderTotals: null, inScope: (a) => a !== "coder" });
    expect(result).toEqual([]);
  });
});
