import { describe, expect, it } from "vitest";
import { computeBlastRadius, describeBlastRadius, type BlastMessage } from "./blast-radius";
import { demoInjection } from "./testing";

describe("blast radius of the demo injection (generated, parsed as warden, scanned)", () => {
  const { canonical, messages } = demoInjection();
  const b = computeBlastRadius(messages, { timeZone: "Europe/Berlin" })!;

  it("scans as expected: the web page summary and the coder's reverse shell are blocked, nothing else", () => {
    // Guards the premise of the tests below: if detection changes, they would test something else.
    expect(messages.filter((m) => m.verdict !== "allowed").map((m) => [m.seq, m.sender, m.verdict])).toEqual([
      [2, "web_surfer", "blocked"],
      [4, "coder", "blocked"],
    ]);
  });

  it("starts at the first blocked message: the web surfer's injected page", () => {
    expect(b.summary).toMatchObject({ origin: "web_surfer", startSeq: 2, startVerdict: "blocked" });
    expect(b.summary.startedAt).toEqual(new Date(canonical[2]!.createdAt!));
    expect(b.summary.startCategories).toEqual(expect.arrayContaining(["prompt_injection", "code_execution"]));
  });

  it("reaches every other participant at once, because the page summary was a broadcast", () => {
    expect(b.reached.map((r) => r.agent)).toEqual(["user_proxy", "planner", "coder", "executor", "reviewer"]);
    expect(b.reached.every((r) => r.atSeq === 2 && r.via === "web_surfer")).toBe(true);
  });

  it("follows every later message of a reached agent and counts the blocked reverse shell after it", () => {
    expect(b.downstreamSeqs).toEqual([3, 4, 5, 6]);
    expect(b.affectedSeqs).toEqual([2, 3, 4, 5, 6]);
    expect(b.summary).toMatchObject({ reachedCount: 5, downstreamCount: 4, blockedAfter: 1, flaggedAfter: 0, blockedAfterByCategory: { code_execution: 1 } });
    expect(b.spokeAfter).toEqual(["planner", "coder", "executor", "reviewer"]);
  });

  it("says so in one line, with the time in the viewer's zone (New York just switched to EDT)", () => {
    // The page summary was sent at 09:03:33 UTC on 8 Mar 2026: 10:03:33 CET, 05:03:33 EDT.
    expect(b.text).toBe("injected via web_surfer at 10:03:33; reached 5 agents; 1 blocked code execution followed");
    expect(computeBlastRadius(messages, { timeZone: "America/New_York" })!.text).toContain("at 05:03:33;");
    expect(computeBlastRadius(messages)!.text).toContain("at 09:03:33;");
  });

  it("can start at a chosen message: from the coder's reverse shell, only the executor is reached", () => {
    const fromShell = computeBlastRadius(messages, { startSeq: 4 })!;
    expect(fromShell.summary.origin).toBe("coder");
    expect(fromShell.reached.map((r) => r.agent)).toEqual(["executor"]);
    // executor replies to coder (already tainted); the reviewer's broadcast comes from an untainted agent.
    expect(fromShell.downstreamSeqs).toEqual([5]);
    expect(fromShell.spokeAfter).toEqual(["executor", "reviewer"]);
    expect(fromShell.text).toMatch(/^blocked content from coder at \d\d:\d\d:\d\d; reached 1 agent; nothing flagged afterwards$/);
  });
});

// Synthetic conversation with direct messages only, to pin the propagation rule down.
const t0 = Date.parse("2026-03-10T12:00:00Z");
function msg(seq: number, sender: string, recipients: string[], verdict: BlastMessage["verdict"] = "allowed", categories: string[] = []): BlastMessage {
  return { seq, sender, recipients, recipientsExplicit: true, kind: "text", verdict, categories, sentAt: new Date(t0 + seq * 1000) };
}

describe("propagation rule", () => {
  const conversation = [
    msg(0, "b", ["x"]), // before the start: does not reach x
    msg(1, "a", ["b"], "flagged", ["prompt_injection"]), // start: a is the origin, b is reached
    msg(2, "d", ["e"]), // d is not tainted: e is not reached
    msg(3, "b", ["c"]), // reached agent speaks: c reached via b
    msg(4, "c", ["d"], "blocked", ["code_execution"]), // d reached via c (transitively)
    msg(5, "d", ["e"], "blocked", ["data_exfiltration", "code_execution"]), // now e is reached
    msg(6, "x", ["y"]), // x was only addressed before the start: spreads nothing
    msg(7, "a", ["z"], "flagged", ["pii"]), // the origin stays tainted
  ];
  const b = computeBlastRadius(conversation)!;

  it("reaches agents only through messages sent by tainted agents after the start", () => {
    expect(b.reached.map((r) => [r.agent, r.atSeq, r.via])).toEqual([
      ["b", 1, "a"],
      ["c", 3, "b"],
      ["d", 4, "c"],
      ["e", 5, "d"],
      ["z", 7, "a"],
    ]);
    expect(b.reached.map((r) => r.agent)).not.toContain("x");
    expect(b.reached.map((r) => r.agent)).not.toContain("y");
  });

  it("counts as downstream only the later messages of tainted agents", () => {
    expect(b.downstreamSeqs).toEqual([3, 4, 5, 7]); // not 2 (d was not yet reached) nor 6
    expect(b.summary).toMatchObject({ blockedAfter: 2, flaggedAfter: 1, blockedAfterByCategory: { code_execution: 2, data_exfiltration: 1 } });
    expect(b.text).toBe("injected via a at 12:00:01; reached 5 agents; 2 blocked code executions and 1 blocked exfiltration attempt followed");
  });

  it("ignores input order (messages are taken by seq)", () => {
    expect(computeBlastRadius([...conversation].reverse())!.reached).toEqual(b.reached);
  });

  it("is null when nothing was flagged or the chosen seq does not exist", () => {
    expect(computeBlastRadius([msg(0, "a", ["b"]), msg(1, "b", ["a"])])).toBeNull();
    expect(computeBlastRadius([msg(0, "a", ["b"])], { startSeq: 9 })).toBeNull();
    expect(computeBlastRadius([])).toBeNull();
  });
});

describe("describeBlastRadius", () => {
  const base = { origin: "coder", startSeq: 0, startedAt: new Date("2026-03-10T23:59:59Z"), startVerdict: "flagged" as const, startCategories: ["secrets"], downstreamCount: 0, flaggedAfter: 0, blockedAfter: 0, blockedAfterByCategory: {} };
  it("words each case: no reach, flagged-only aftermath, blocked without categories, zone date change", () => {
    expect(describeBlastRadius({ ...base, reachedCount: 0 }, "UTC")).toBe("flagged content from coder at 23:59:59; reached no other agent; nothing flagged afterwards");
    expect(describeBlastRadius({ ...base, reachedCount: 1, flaggedAfter: 2 }, "Asia/Tokyo")).toBe("flagged content from coder at 08:59:59; reached 1 agent; 2 flagged messages followed, none blocked");
    expect(describeBlastRadius({ ...base, reachedCount: 2, blockedAfter: 1 }, "UTC")).toBe("flagged content from coder at 23:59:59; reached 2 agents; 1 blocked message followed");
    expect(describeBlastRadius({ ...base, reachedCount: 2, blockedAfter: 1, blockedAfterByCategory: { secrets: 1 } }, "UTC")).toContain("1 blocked secret leak followed");
  });
});
