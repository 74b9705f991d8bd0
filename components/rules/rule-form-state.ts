// The rule form's state and its validation as the user types: the form keeps what was typed
// (strings), and every change is checked with the same zod schema the API and the evaluator
// use (createRuleSchema), so the form shows exactly the errors the server would answer.
import { createRuleSchema, RULE_PARAM_SCHEMAS, THREAT_CATEGORIES, ALERT_SEVERITIES, type CreateRuleInput, type RuleType } from "@/lib/alerts/rule-types";

export interface ParamField {
  key: string;
  label: string;
  kind: "number" | "optional-number" | "select";
  options?: readonly string[];
  hint?: string;
}

export const PARAM_FIELDS: Record<RuleType, ParamField[]> = {
  flooding: [
    { key: "maxMessages", label: "Messages (N)", kind: "number", hint: "fires at N or more messages from one agent…" },
    { key: "windowSeconds", label: "Within seconds (W)", kind: "number", hint: "…whose first and last are at most W seconds apart" },
    { key: "sharePercent", label: "Or more than % of the conversation", kind: "optional-number", hint: "leave empty to switch off" },
    { key: "minMessages", label: "Once the conversation has at least", kind: "number", hint: "messages (for the share condition)" },
  ],
  repetition: [
    { key: "minRepeats", label: "Copies (N)", kind: "number", hint: "fires when N near-identical messages are seen" },
    { key: "similarity", label: "Similarity (0.5–1)", kind: "number", hint: "1 = identical after folding case, punctuation and spaces" },
    { key: "lookbackMessages", label: "Among the last messages", kind: "number" },
    { key: "across", label: "Count", kind: "select", options: ["any_agent", "same_agent"], hint: "any_agent catches echo loops between agents" },
  ],
  blocked_spike: [
    { key: "minBlocked", label: "Blocked events (N)", kind: "number", hint: "fires at N or more blocked events…" },
    { key: "windowSeconds", label: "Within seconds (W)", kind: "number", hint: "…at most W seconds apart" },
    { key: "per", label: "Counted per", kind: "select", options: ["project", "agent"] },
  ],
  round_limit: [{ key: "maxRounds", label: "Rounds (R)", kind: "number", hint: "fires when a conversation has more than R messages" }],
  message_size: [{ key: "maxChars", label: "Characters (L)", kind: "number", hint: "fires for a message longer than L characters" }],
  threat: [
    { key: "category", label: "Category", kind: "select", options: ["any", ...THREAT_CATEGORIES] },
    { key: "minSeverity", label: "At or above severity", kind: "select", options: ALERT_SEVERITIES },
  ],
  quota: [{ key: "percent", label: "Percent of the monthly quota", kind: "number", hint: "fires once a month when usage reaches it" }],
};

export interface RuleFormState {
  name: string;
  type: RuleType;
  severity: string;
  agentPattern: string;
  enabled: boolean;
  params: Record<string, string>;
}

/** The form's strings for a rule's stored (or default) parameters. */
export function paramStrings(type: RuleType, params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(PARAM_FIELDS[type].map((f) => [f.key, params[f.key] === null || params[f.key] === undefined ? "" : String(params[f.key])]));
}

export function emptyForm(type: RuleType = "flooding"): RuleFormState {
  // Each parameter's own default where its schema has one (an absent value parses to it).
  const shape = RULE_PARAM_SCHEMAS[type].shape as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
  const defaults = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.safeParse(undefined).data]));
  return { name: "", type, severity: "medium", agentPattern: "", enabled: true, params: paramStrings(type, defaults) };
}

function toValue(field: ParamField, raw: string): unknown {
  const text = raw.trim();
  if (field.kind === "select") return text || undefined;
  if (text === "") return field.kind === "optional-number" ? null : undefined;
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}

export function formToInput(state: RuleFormState): unknown {
  return {
    name: state.name,
    type: state.type,
    severity: state.severity,
    agentPattern: state.agentPattern.trim() === "" ? null : state.agentPattern,
    enabled: state.enabled,
    params: Object.fromEntries(PARAM_FIELDS[state.type].map((f) => [f.key, toValue(f, state.params[f.key] ?? "")])),
  };
}

/** The input the API takes, or the errors per field ("name", "params.maxMessages", …). */
export function validateRuleForm(state: RuleFormState): { ok: true; input: CreateRuleInput } | { ok: false; errors: Record<string, string> } {
  const parsed = createRuleSchema.safeParse(formToInput(state));
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".");
    errors[key] ??= issue.code === "invalid_type" && issue.input === undefined ? "required" : issue.message;
  }
  return { ok: false, errors };
}
