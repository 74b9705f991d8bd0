// blocked_spike, threat, message_size, round_limit and quota: each at its documented boundary.
import { describe, expect, it } from "vitest";
import { evaluateBlockedSpikeRule } from "./blocked-spike";
import { evaluateMessageSizeEvents, evaluateMessageSizeRule } from "./message-size";
import { evaluateQuotaRule } from "./quota";
import { evaluateRoundLimitRule } from "./round-limit";
import { evaluateThreatRule } from "./threat";
import { blockedEvent, conversationOf, everyone, facts, magenticOneRun } from "./testing";

describe("blocked_spike: at least N blocked events within W seconds", () => {
  const params = { minBlocked: 3, windowSeconds: 60, per: "project" as const };
  it("fires for exactly N blocked events exactly W seconds apart end to end", () => {
    const [match] = evaluateBlockedSpikeRule(params, { prior: [], fresh: [blockedEvent(1, 0), blockedEvent(2, 30_000), blockedEvent(3, 60_000)], inScope: everyone });
    expect(match).toMatchObject({ subjectKey: "project", measured: { blockedInWindow: 3, minBlocked: 3, windowSeconds: 60 } });
    expect(match!.evidence.map((e) => e.id)).toEqual(["e-1", "e-2", "e-3"]);
  });
  it("does not fire when they span W seconds and one millisecond, or for N - 1", () => {
    expect(evaluateBlockedSpikeRule(params, { prior: [], fresh: [blockedEvent(1, 0), blockedEvent(2, 30_000), blockedEvent(3, 60_001)], inScope: everyone })).toEqual([]);
    expect(evaluateBlockedSpikeRule(params, { prior: [], fresh: [blockedEvent(1, 0), blockedEvent(2, 1)], inScope: everyone })).toEqual([]);
  });
  it("counts stored blocked events from the look-back, and ignores allowed ones", () => {
    const allowed = blockedEvent(9, 20_000, "coder", { verdict: "allowed" });
    expect(evaluateBlockedSpikeRule(params, { prior: [blockedEvent(1, 0), blockedEvent(2, 10_000)], fresh: [allowed, blockedEvent(3, 30_000)], inScope: everyone })).toHaveLength(1);
    expect(evaluateBlockedSpikeRule(params, { prior: [blockedEvent(1, 0)], fresh: [allowed, blockedEvent(3, 30_000)], inScope: everyone })).toEqual([]);
  });
  it("calls its count a lower bound only when the look-back was cut and the window reaches its edge", () => {
    const prior = [blockedEvent(1, 0), blockedEvent(2, 10_000)];
    const fresh = [blockedEvent(3, 20_000)];
    const cut = evaluateBlockedSpikeRule(params, { prior, fresh, inScope: everyone, truncated: new Set(["project"]) });
    expect(cut[0]).toMatchObject({ title: "at least 3 blocked events within 60 s", measured: { blockedInWindow: 3, blockedInWindowBound: "at_least" } });
    const whole = evaluateBlockedSpikeRule(params, { prior, fresh, inScope: everyone });
    expect(whole[0]!.title).toBe("3 blocked events within 60 s");
    expect(whole[0]!.measured).not.toHaveProperty("blockedInWindowBound");
    // Cut, but the densest window lies inside what was read, away from both of its ends.
    const inner = [blockedEvent(1, 0), blockedEvent(2, 200_000), blockedEvent(3, 210_000), blockedEvent(4, 400_000)];
    const middle = evaluateBlockedSpikeRule({ ...params, minBlocked: 2, windowSeconds: 60 }, { prior: inner, fresh: [blockedEvent(5, 220_000)], inScope: everyone, truncated: new Set(["project"]) });
    expect(middle[0]!.measured).toMatchObject({ blockedInWindow: 3 });
    expect(middle[0]!.measured).not.toHaveProperty("blockedInWindowBound");
    // Another subject's cut does not make this one a lower bound.
    expect(evaluateBlockedSpikeRule(params, { prior, fresh, inScope: everyone, truncated: new Set(["agent:coder"]) })[0]!.title).toBe("3 blocked events within 60 s");
  });
  it("per agent: one subject per agent, each judged on its own events", () => {
    const fresh = [blockedEvent(1, 0, "coder"), blockedEvent(2, 1_000, "web_surfer"), blockedEvent(3, 2_000, "coder"), blockedEvent(4, 3_000, "coder")];
    const matches = evaluateBlockedSpikeRule({ ...params, per: "agent" }, { prior: [], fresh, inScope: everyone });
    expect(matches.map((m) => [m.subjectKey, m.agentName])).toEqual([["agent:coder", "coder"]]);
  });
});

describe("threat: a finding of the category at or above the severity", () => {
  const event = (severity: string, category = "code_execution") => blockedEvent(1, 0, "coder", { findings: [{ category, severity }] });
  it("fires at exactly the minimum severity, not one below", () => {
    expect(evaluateThreatRule({ category: "code_execution", minSeverity: "high" }, { fresh: [event("high")], inScope: everyone })).toHaveLength(1);
    expect(evaluateThreatRule({ category: "code_execution", minSeverity: "high" }, { fresh: [event("medium")], inScope: everyone })).toEqual([]);
  });
  it("filters by category unless the rule says any", () => {
    expect(evaluateThreatRule({ category: "secrets", minSeverity: "low" }, { fresh: [event("critical")], inScope: everyone })).toEqual([]);
    const [match] = evaluateThreatRule({ category: "any", minSeverity: "low" }, { fresh: [event("critical", "secrets")], inScope: everyone });
    expect(match?.measured).toMatchObject({ findings: 1, highestSeverity: "critical" });
  });
});

describe("message_size: strictly longer than L characters", () => {
  const conversationMessages = facts([{ sender: "web_surfer", content: "x".repeat(1_000) }, { sender: "web_surfer", content: "x".repeat(1_001) }]);
  it("a message of exactly L characters does not fire; L + 1 does", () => {
    const [match, ...rest] = evaluateMessageSizeRule({ maxChars: 1_000 }, { conversation: conversationOf(conversationMessages), fresh: conversationMessages, inScope: everyone });
    expect(rest).toEqual([]);
    expect(match?.measured).toEqual({ largestChars: 1_001, oversizedMessages: 1, maxChars: 1_000 });
  });
  it("judges scanned texts but not transcript scans (their messages are judged already)", () => {
    const big = blockedEvent(1, 0, "coder", { textLength: 5_000, source: "scan" });
    const transcript = blockedEvent(2, 0, "coder", { textLength: 5_000, source: "transcript" });
    expect(evaluateMessageSizeEvents({ maxChars: 4_999 }, { fresh: [big, transcript], inScope: everyone })[0]?.evidence.map((e) => e.id)).toEqual(["e-1"]);
    expect(evaluateMessageSizeEvents({ maxChars: 5_000 }, { fresh: [big], inScope: everyone })).toEqual([]);
  });
});

describe("round_limit: strictly more than R messages, once, on the crossing batch", () => {
  const run = facts(magenticOneRun());
  const judge = (maxRounds: number, previousTotal: number, freshFrom: number) =>
    evaluateRoundLimitRule({ maxRounds }, { conversation: conversationOf(run), previousTotal, fresh: run.slice(freshFrom), inScope: everyone });
  it("a conversation of exactly R messages does not fire, R + 1 does with the first message past the limit as evidence", () => {
    expect(judge(67, 0, 0)).toEqual([]);
    const [match] = judge(66, 0, 0);
    expect(match?.evidence.map((e) => e.type === "message" && e.seq)).toEqual([66]);
  });
  it("a later batch of a conversation already past the limit does not fire again", () => {
    expect(judge(40, 50, 50)).toEqual([]);
    expect(judge(50, 50, 50)).toHaveLength(1);
  });
});

describe("quota: usage goes from below to at least P% of the quota", () => {
  const at = new Date("2026-11-20T10:00:00Z");
  it("fires on reaching exactly P%, once", () => {
    expect(evaluateQuotaRule({ percent: 80 }, { month: "2026-11", usedBefore: 7_999, usedAfter: 8_000, quota: 10_000, at })).toHaveLength(1);
    expect(evaluateQuotaRule({ percent: 80 }, { month: "2026-11", usedBefore: 8_000, usedAfter: 8_100, quota: 10_000, at })).toEqual([]);
    expect(evaluateQuotaRule({ percent: 80 }, { month: "2026-11", usedBefore: 7_000, usedAfter: 7_999, quota: 10_000, at })).toEqual([]);
  });
  it("names the month in the subject, so each month can raise its own alert", () => {
    expect(evaluateQuotaRule({ percent: 100 }, { month: "2026-11", usedBefore: 0, usedAfter: 10_000, quota: 10_000, at })[0]?.subjectKey).toBe("month:2026-11");
  });
});
