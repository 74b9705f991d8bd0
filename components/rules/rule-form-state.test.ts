import { describe, expect, it } from "vitest";
import { emptyForm, validateRuleForm } from "./rule-form-state";

describe("rule form validation as you type", () => {
  it("names each bad field the way the API would", () => {
    const state = { ...emptyForm("flooding"), name: "", params: { maxMessages: "1", windowSeconds: "abc", sharePercent: "", minMessages: "30" } };
    const result = validateRuleForm(state);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["name", "params.maxMessages", "params.windowSeconds"]);
    expect(result.errors["params.maxMessages"]).toBe("must be at least 2");
  });
  it("turns a valid form into the API body, an empty share into null and an empty pattern into null", () => {
    const state = { ...emptyForm("flooding"), name: "Chatty surfer", severity: "high", agentPattern: "  ", params: { maxMessages: "5", windowSeconds: "30", sharePercent: "", minMessages: "30" } };
    const result = validateRuleForm(state);
    expect(result).toEqual({
      ok: true,
      input: { name: "Chatty surfer", type: "flooding", severity: "high", agentPattern: null, enabled: true, params: { maxMessages: 5, windowSeconds: 30, sharePercent: null, minMessages: 30 } },
    });
  });
  it("starts each type with its schema's defaults and asks for the rest", () => {
    expect(emptyForm("repetition").params).toEqual({ minRepeats: "", similarity: "", lookbackMessages: "50", across: "any_agent" });
    const result = validateRuleForm({ ...emptyForm("repetition"), name: "Loops" });
    expect(result.ok ? null : result.errors).toEqual({ "params.minRepeats": "required", "params.similarity": "required" });
  });
});
