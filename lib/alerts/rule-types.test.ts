import { describe, expect, it } from "vitest";
import { agentMatcher, createRuleSchema, RULE_PARAM_SCHEMAS, severityAtLeast, updateRuleSchema } from "./rule-types";

describe("rule schemas", () => {
  it("accept a flooding rule and fill the optional parameters' defaults", () => {
    const parsed = createRuleSchema.parse({ name: "Chatty web surfer", type: "flooding", params: { maxMessages: 5, windowSeconds: 30 }, severity: "high" });
    expect(parsed).toMatchObject({ params: { sharePercent: null, minMessages: 30 }, agentPattern: null, enabled: true });
  });
  it("name the field of a bad parameter", () => {
    const result = createRuleSchema.safeParse({ name: "x", type: "repetition", params: { minRepeats: 1, similarity: 0.9 }, severity: "low" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["params", "minRepeats"]);
  });
  it("refuse an unknown type, and params of another type", () => {
    expect(createRuleSchema.safeParse({ name: "x", type: "telepathy", params: {}, severity: "low" }).success).toBe(false);
    expect(createRuleSchema.safeParse({ name: "x", type: "quota", params: { maxChars: 10 }, severity: "low" }).success).toBe(false);
  });
  it("validate every type's boundary values", () => {
    expect(RULE_PARAM_SCHEMAS.quota.safeParse({ percent: 0 }).success).toBe(false);
    expect(RULE_PARAM_SCHEMAS.quota.safeParse({ percent: 1 }).success).toBe(true);
    expect(RULE_PARAM_SCHEMAS.repetition.safeParse({ minRepeats: 2, similarity: 1.01 }).success).toBe(false);
    expect(RULE_PARAM_SCHEMAS.threat.safeParse({ minSeverity: "critical" }).data).toEqual({ category: "any", minSeverity: "critical" });
  });
  it("an edit may not carry unknown fields (the type of a rule never changes)", () => {
    expect(updateRuleSchema.safeParse({ type: "quota" }).success).toBe(false);
    expect(updateRuleSchema.parse({ enabled: false })).toEqual({ enabled: false });
  });
});

describe("agent patterns", () => {
  it("match globs against the whole name, case-insensitively, with regex characters literal", () => {
    const web = agentMatcher("web_*");
    expect(web("web_surfer")).toBe(true);
    expect(web("WEB_surfer")).toBe(true);
    expect(web("my_web_surfer")).toBe(false);
    expect(agentMatcher("coder.?")("coder.1")).toBe(true);
    expect(agentMatcher("coder.?")("coderx1")).toBe(false);
    expect(agentMatcher(null)("anyone")).toBe(true);
  });

  it("answers like the anchored regular expression a glob stands for, over 20,000 generated pairs", () => {
    const reference = (pattern: string, name: string) =>
      new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "is").test(name);
    let seed = 42;
    const pick = (s: string, n: number) =>
      Array.from({ length: n }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return s[(seed >>> 8) % s.length];
      }).join("");
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick("abAB*?._é\n", 1 + (i % 7));
      const name = pick("abAB._éÉ\n", i % 9);
      const expected = reference(pattern, name);
      if (expected) matched++;
      expect(agentMatcher(pattern)(name), `${JSON.stringify(pattern)} ~ ${JSON.stringify(name)}`).toBe(expected);
    }
    expect(matched).toBeGreaterThan(500); // both answers are well represented (631 of 20,000 match)
  });

  it("takes time in proportion to pattern x name, however many stars (the regex form took 36 s here)", () => {
    // Counted, not timed: the matcher's steps are bounded by the loop; a backtracking one would not return.
    const pattern = "*a".repeat(100) + "*b";
    expect(agentMatcher(pattern)("a".repeat(256))).toBe(false);
    expect(agentMatcher(pattern)("a".repeat(255) + "b")).toBe(true);
  });
});

describe("severity order", () => {
  it("treats equal severities as at least", () => {
    expect(severityAtLeast("high", "high")).toBe(true);
    expect(severityAtLeast("medium", "high")).toBe(false);
    expect(severityAtLeast("nonsense", "low")).toBe(false);
  });
});
