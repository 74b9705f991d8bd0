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
});

describe("severity order", () => {
  it("treats equal severities as at least", () => {
    expect(severityAtLeast("high", "high")).toBe(true);
    expect(severityAtLeast("medium", "high")).toBe(false);
    expect(severityAtLeast("nonsense", "low")).toBe(false);
  });
});
