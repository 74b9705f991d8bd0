import { describe, expect, it } from "vitest";
import type { RepetitionParams } from "../rule-types";
import type { MessageFact } from "./facts";
import { DEFAULT_REPETITION } from "./default-params.test-data";
import { evaluateRepetitionRule } from "./repetition";
import { normaliseForRepetition, shingleHashes, similarity, sketchOf } from "./similarity";
import { conversationOf, everyone, facts, magenticOneRun } from "./testing";

// The classic AutoGen ending that never ends: two agents thanking each other until max_round,
// each time worded a little differently.
const THANKS = [
  "You're welcome! If you have any other questions or need further assistance, feel free to ask. TERMINATE",
  "You're welcome! If you have any more questions or need further assistance, feel free to ask. TERMINATE",
  "You're welcome! If you have any other questions or need further help, feel free to ask. TERMINATE",
  "You're welcome! If you have any other questions or need further assistance, feel free to ask! TERMINATE",
];
const echoLoop = (pairs: number) =>
  Array.from({ length: pairs * 2 }, (_, i) => ({ sender: i % 2 ? "User_proxy" : "Coder", content: THANKS[(i * 7 + (i >> 1)) % THANKS.length]! }));

function evaluate(params: RepetitionParams, messages: { sender: string; content: string }[], freshFrom = 0) {
  const all = facts(messages, 5_000);
  return evaluateRepetitionRule(params, { conversation: conversationOf(all), prior: all.slice(0, freshFrom), fresh: all.slice(freshFrom), inScope: everyone });
}

describe("repetition with the default rule on real-shaped transcripts", () => {
  it("fires on a two-agent echo loop with small variations, naming both agents", () => {
    const [match, ...rest] = evaluate(DEFAULT_REPETITION, [{ sender: "User_proxy", content: "Plot NVDA and TSLA stock price change YTD." }, ...echoLoop(6)]);
    expect(rest).toEqual([]);
    expect(match).toMatchObject({ subjectKey: "conversation:c-1", agentName: null });
    expect(match!.measured.repeats).toBeGreaterThanOrEqual(8);
    expect(match!.title).toContain("Coder");
    expect(match!.title).toContain("User_proxy");
    expect(match!.evidence.some((e) => e.type === "message" && e.seq === 0)).toBe(false);
  });

  it("does not fire on an ordinary 67-message Magentic-One run, ledger updates and all", () => {
    expect(evaluate(DEFAULT_REPETITION, magenticOneRun())).toEqual([]);
  });

  it("same_agent mode counts only the sender's own copies", () => {
    const bounce = (pairs: number) => Array.from({ length: pairs * 2 }, (_, i) => ({ sender: i % 2 ? "User_proxy" : "Coder", content: THANKS[0]! }));
    const params = { ...DEFAULT_REPETITION, across: "same_agent" as const };
    expect(evaluate(DEFAULT_REPETITION, bounce(4))).toHaveLength(1);
    expect(evaluate(params, bounce(4))).toEqual([]);
    expect(evaluate(params, bounce(8)).map((m) => m.subjectKey).sort()).toEqual(["conversation:c-1:agent:Coder", "conversation:c-1:agent:User_proxy"]);
  });
});

describe("repetition boundaries (documented in rule-types.ts)", () => {
  const same = (n: number) => Array.from({ length: n }, (_, i) => ({ sender: i % 2 ? "a" : "b", content: "Let me know if there is anything else I can help with." }));
  const params: RepetitionParams = { minRepeats: 4, similarity: 1, lookbackMessages: 10, across: "any_agent" };

  it("exactly N copies fire, N - 1 do not", () => {
    expect(evaluate(params, same(4))).toHaveLength(1);
    expect(evaluate(params, same(3))).toEqual([]);
  });
  it("a similarity exactly at the threshold counts (at least, not more than)", () => {
    expect(similarity(sketchOf("same text here")!, sketchOf("Same, text here!")!)).toBe(1);
    expect(evaluate(params, [{ sender: "a", content: "same text here" }, { sender: "b", content: "Same, text here!" }, { sender: "a", content: "same text here." }, { sender: "b", content: "SAME TEXT HERE" }])).toHaveLength(1);
  });
  it("copies further back than lookbackMessages are not counted", () => {
    const spaced = same(4).flatMap((m, i) => [m, ...Array.from({ length: 4 }, (_, j) => ({ sender: "c", content: `unrelated work item ${i}-${j}: ${"x".repeat(i * 4 + j)}` }))]);
    expect(evaluate({ ...params, lookbackMessages: 14 }, spaced)).toEqual([]);
    expect(evaluate({ ...params, lookbackMessages: 15 }, spaced)).toHaveLength(1);
  });
  it("only groups that contain a new message are judged", () => {
    expect(evaluate(params, [...same(4), { sender: "c", content: "Now for something completely different." }], 4)).toEqual([]);
  });
});

describe("repetition: judging new messages newest first and skipping windows that cannot win", () => {
  // The rule as first written: every new message's whole window, oldest first, a later group
  // replacing an earlier one of the same size. The rule must find exactly what this finds.
  function reference(params: RepetitionParams, all: MessageFact[], freshFrom: number, inScope: (agent: string) => boolean) {
    const sketches = all.map((m) => (inScope(m.sender) ? sketchOf(m.content) : null));
    const best = new Map<string, { ids: string[]; similarityMin: number }>();
    for (let i = freshFrom; i < all.length; i++) {
      const sketch = sketches[i];
      if (!sketch) continue;
      const ids = [all[i]!.id];
      let similarityMin = 1;
      for (let j = Math.max(0, i - params.lookbackMessages); j < i; j++) {
        const other = sketches[j];
        if (!other || (params.across === "same_agent" && all[j]!.sender !== all[i]!.sender)) continue;
        const score = similarity(sketch, other);
        if (score >= params.similarity) {
          ids.push(all[j]!.id);
          similarityMin = Math.min(similarityMin, score);
        }
      }
      if (ids.length < params.minRepeats) continue;
      const subject = params.across === "same_agent" ? `conversation:c-1:agent:${all[i]!.sender}` : "conversation:c-1";
      const current = best.get(subject);
      if (!current || ids.length >= current.ids.length) best.set(subject, { ids, similarityMin });
    }
    // An alert keeps the newest 50 of a group as evidence: compare groups through that.
    const newest = (ids: string[]) => ids.map((id) => Number(id.slice(2))).sort((a, b) => a - b).slice(-50).map((seq) => `m-${seq}`).sort();
    return [...best.entries()].map(([subject, b]) => ({ subject, ids: newest(b.ids), lowest: Math.round(b.similarityMin * 100) / 100 })).sort((a, b) => (a.subject < b.subject ? -1 : 1));
  }

  it("finds the same groups as judging every window, on loops, near-loops and ordinary runs", () => {
    let seed = 11;
    const pick = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const agents = ["Coder", "User_proxy", "Planner"];
    let compared = 0;
    for (let run = 0; run < 60; run++) {
      // Runs mix loop messages (THANKS, with small variations) with the ordinary Magentic-One
      // messages, in proportions from all loop to almost none.
      const ordinary = magenticOneRun();
      const loopShare = run % 6;
      const messages = Array.from({ length: 20 + pick(80) }, () =>
        pick(6) < loopShare ? { sender: agents[pick(3)]!, content: THANKS[pick(THANKS.length)]! } : ordinary[pick(ordinary.length)]!,
      );
      const all = facts(messages, 5_000);
      const freshFrom = pick(all.length);
      // Every other run, the rule's agent pattern leaves the planner out.
      const inScope = run % 2 === 0 ? everyone : (agent: string) => agent !== "Planner";
      for (const params of [DEFAULT_REPETITION, { ...DEFAULT_REPETITION, across: "same_agent" as const }, { minRepeats: 3, similarity: 0.9, lookbackMessages: 7, across: "any_agent" as const }]) {
        const found = evaluateRepetitionRule(params, { conversation: conversationOf(all), prior: all.slice(0, freshFrom), fresh: all.slice(freshFrom), inScope })
          .map((m) => ({ subject: m.subjectKey, ids: m.evidence.map((e) => (e.type === "message" ? `m-${e.seq}` : "")).sort(), lowest: m.measured.lowestSimilarity }))
          .sort((a, b) => (a.subject < b.subject ? -1 : 1));
        const expected = reference(params, all, freshFrom, inScope);
        expect(found).toEqual(expected);
        if (expected.length > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });
});

describe("similarity", () => {
  it("is 1 for texts that differ only in case, punctuation and spacing, and low for unrelated texts", () => {
    expect(similarity(sketchOf("Hello,   World!")!, sketchOf("hello world")!)).toBe(1);
    expect(similarity(sketchOf("import pandas as pd\ndf = pd.read_csv('sales.csv')")!, sketchOf("The documentation says the API is rate-limited.")!)).toBeLessThan(0.2);
  });
  it("with a minimum, answers the same estimate when it is reached and gives up (-1) early otherwise", () => {
    // Pairs with every degree of overlap: a shared run of words, then each text's own words.
    let seed = 7;
    const word = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return ["plan", "tests", "parser", "empty", "files", "retry", "agent", "coder", "review", "merge", "deploy", "shell"][seed % 12]! + (seed % 97);
    };
    const words = (n: number) => Array.from({ length: n }, word).join(" ");
    let reached = 0;
    let gaveUp = 0;
    for (let pair = 0; pair < 300; pair++) {
      const shared = words(pair % 30);
      const a = sketchOf(`${shared} ${words(30 - (pair % 30))}`)!;
      const b = sketchOf(`${shared} ${words(30 - (pair % 30))}`)!;
      const full = similarity(a, b);
      for (const min of [0.5, 0.8, 0.9, 1]) {
        const cut = similarity(a, b, min);
        if (full >= min) {
          expect(cut).toBe(full);
          reached++;
        } else {
          expect(cut).toBeLessThan(min);
          if (cut === -1) gaveUp++;
        }
      }
    }
    expect(reached).toBeGreaterThan(50);
    expect(gaveUp).toBeGreaterThan(500);
    // Short texts (under 64 shingles) are sketched whole: the estimate is their exact Jaccard.
    let overlapping = 0;
    for (let pair = 0; pair < 100; pair++) {
      const common = words(pair % 4);
      const a = sketchOf(`${common} ${words(1 + (pair % 2))}`)!;
      const b = sketchOf(`${common} ${words(2 - (pair % 2))}`)!;
      const union = new Set([...a, ...b]);
      const both = [...a].filter((h) => b.includes(h)).length;
      expect(a.length < 64 && b.length < 64).toBe(true);
      expect(similarity(a, b)).toBeCloseTo(both / union.size, 12);
      if (both > 0) overlapping++;
    }
    expect(overlapping).toBeGreaterThan(50);
    const unrelated = [sketchOf("import pandas as pd\ndf = pd.read_csv('sales.csv')")!, sketchOf("The documentation says the API is rate-limited.")!] as const;
    expect(similarity(unrelated[0], unrelated[1], 0.8)).toBe(-1);
  });
  it("keeps the 64 smallest distinct shingle hashes, for short, long and repetitive texts", () => {
    const texts = [
      ...magenticOneRun().map((m) => m.content),
      ...THANKS,
      "ok",
      "a b c d e f",
      "the tests pass and the parser handles empty files. ".repeat(30),
      Array.from({ length: 400 }, (_, i) => `token${i}`).join(" "),
    ];
    let long = 0;
    for (const text of texts) {
      const all = shingleHashes(normaliseForRepetition(text));
      const expected = [...new Set(all)].sort((a, b) => a - b).slice(0, 64);
      expect([...sketchOf(text)!]).toEqual(expected);
      if (all.length > 192) long++;
    }
    expect(long).toBeGreaterThan(10);
  });
  it("has no sketch for text with nothing to compare", () => {
    expect(sketchOf(" ... ")).toBeNull();
  });
});
