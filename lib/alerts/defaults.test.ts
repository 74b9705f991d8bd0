import { describe, expect, it } from "vitest";
import { DEFAULT_FLOODING, DEFAULT_REPETITION } from "./evaluators/default-params.test-data";
import { DEFAULT_RULES } from "./defaults";
import { createRuleSchema } from "./rule-types";

describe("default rules", () => {
  it("are flooding, repetition, blocked spike and quota at 80% and 100%, each valid under its schema", () => {
    expect(DEFAULT_RULES.map((r) => [r.type, r.type === "quota" ? r.params.percent : null])).toEqual([
      ["flooding", null],
      ["repetition", null],
      ["blocked_spike", null],
      ["quota", 80],
      ["quota", 100],
    ]);
    for (const rule of DEFAULT_RULES) expect(createRuleSchema.parse(rule)).toEqual(rule);
  });
  it("are the parameters the evaluator tests calibrate on real transcripts", () => {
    expect(DEFAULT_RULES[0]!.params).toEqual(DEFAULT_FLOODING);
    expect(DEFAULT_RULES[1]!.params).toEqual(DEFAULT_REPETITION);
  });
});
