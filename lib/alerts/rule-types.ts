// The alert rule types and one zod schema per type for its parameters: the same schemas
// validate the dashboard API, the rule form (as the user types) and what the evaluator
// reads back from the database. Pure: no I/O, safe in client components.
//
// Boundary semantics (tested exactly at the boundary in evaluators/*.test.ts):
// - flooding:      fires when ONE agent has AT LEAST `maxMessages` messages in one conversation
//                  whose send times lie within `windowSeconds` (last - first <= W, inclusive);
//                  or, when `sharePercent` is set, once the conversation has AT LEAST `minMessages`
//                  messages and one agent sent STRICTLY MORE than `sharePercent`% of them.
// - repetition:    fires when a message and AT LEAST `minRepeats - 1` others among the previous
//                  `lookbackMessages` of the conversation are near-duplicates, i.e. the estimated
//                  Jaccard similarity of their normalised character shingles is AT LEAST `similarity`
//                  (so `minRepeats` copies in all); `same_agent` counts only the sender's own messages.
// - blocked_spike: fires when AT LEAST `minBlocked` blocked events (of the project, or of one agent)
//                  occurred within `windowSeconds` (last - first <= W, inclusive).
// - round_limit:   fires when a conversation has STRICTLY MORE than `maxRounds` messages (each
//                  message is one speaker turn, as AutoGen's GroupChat counts max_round).
// - message_size:  fires for a message or scanned text STRICTLY LONGER than `maxChars` characters.
// - threat:        fires for a finding of `category` (or any) whose severity is AT LEAST `minSeverity`.
// - quota:         fires when the organization's usage this month goes from below to AT LEAST
//                  `percent`% of its monthly quota (once per month and rule).
import { z } from "zod";

export const RULE_TYPES = ["flooding", "repetition", "blocked_spike", "round_limit", "message_size", "threat", "quota"] as const;
export type RuleType = (typeof RULE_TYPES)[number];
export const ALERT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const THREAT_CATEGORIES = ["prompt_injection", "jailbreak", "code_execution", "data_exfiltration", "secrets", "pii"] as const;

const int = (min: number, max: number) => z.number({ error: "must be a number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max.toLocaleString("en-US")}`);
const windowSeconds = int(1, 7 * 86_400);

export const floodingParamsSchema = z.object({
  maxMessages: int(2, 100_000),
  windowSeconds,
  /** Optional second condition: one agent's share of the conversation; null switches it off. */
  sharePercent: z.number({ error: "must be a number" }).min(1, "must be at least 1").max(99, "must be at most 99").nullable().default(null),
  minMessages: int(2, 100_000).default(30),
});
export const repetitionParamsSchema = z.object({
  minRepeats: int(2, 1_000),
  similarity: z.number({ error: "must be a number" }).min(0.5, "must be at least 0.5").max(1, "must be at most 1"),
  lookbackMessages: int(2, 500).default(50),
  across: z.enum(["any_agent", "same_agent"]).default("any_agent"),
});
export const blockedSpikeParamsSchema = z.object({
  minBlocked: int(1, 100_000),
  windowSeconds,
  per: z.enum(["project", "agent"]).default("project"),
});
export const roundLimitParamsSchema = z.object({ maxRounds: int(1, 1_000_000) });
export const messageSizeParamsSchema = z.object({ maxChars: int(1, 10_000_000) });
export const threatParamsSchema = z.object({
  category: z.enum(["any", ...THREAT_CATEGORIES]).default("any"),
  minSeverity: z.enum(ALERT_SEVERITIES),
});
export const quotaParamsSchema = z.object({ percent: int(1, 1_000) });

export const RULE_PARAM_SCHEMAS = {
  flooding: floodingParamsSchema,
  repetition: repetitionParamsSchema,
  blocked_spike: blockedSpikeParamsSchema,
  round_limit: roundLimitParamsSchema,
  message_size: messageSizeParamsSchema,
  threat: threatParamsSchema,
  quota: quotaParamsSchema,
} as const;

export type RuleParams = { [T in RuleType]: z.output<(typeof RULE_PARAM_SCHEMAS)[T]> };
export type FloodingParams = RuleParams["flooding"];
export type RepetitionParams = RuleParams["repetition"];
export type BlockedSpikeParams = RuleParams["blocked_spike"];
export type RoundLimitParams = RuleParams["round_limit"];
export type MessageSizeParams = RuleParams["message_size"];
export type ThreatParams = RuleParams["threat"];
export type QuotaParams = RuleParams["quota"];

/** A rule as the evaluator sees it: type and params always agree. */
export type EvaluableRule = {
  [T in RuleType]: { id: string; name: string; type: T; params: RuleParams[T]; agentPattern: string | null; severity: AlertSeverity };
}[RuleType];

export const RULE_TYPE_LABELS: Record<RuleType, { label: string; summary: string }> = {
  flooding: { label: "Flooding", summary: "One agent sends too many messages in a short time, or most of a conversation." },
  repetition: { label: "Repetition", summary: "The same or nearly the same message again and again (echo loops)." },
  blocked_spike: { label: "Blocked spike", summary: "Many blocked events within a time window." },
  round_limit: { label: "Round limit", summary: "A conversation runs for more rounds than expected." },
  message_size: { label: "Message size", summary: "A message longer than a limit (context stuffing)." },
  threat: { label: "Threat", summary: "A finding of a category at or above a severity." },
  quota: { label: "Quota", summary: "Usage reaches a share of the month's quota." },
};

/** Rule types whose subject is not an agent: the agent pattern does not apply to them. */
export const PATTERNLESS_TYPES: readonly RuleType[] = ["quota"];

// Glob, not regex: a user-supplied regex could backtrack catastrophically on agent names.
export const agentPatternSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .nullable();

const ruleName = z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters");
const severity = z.enum(ALERT_SEVERITIES, { error: "must be low, medium, high or critical" });

const variant = <T extends RuleType>(type: T) =>
  z.object({
    name: ruleName,
    type: z.literal(type),
    params: RULE_PARAM_SCHEMAS[type],
    agentPattern: agentPatternSchema.default(null),
    severity,
    enabled: z.boolean().default(true),
  });

export const createRuleSchema = z.discriminatedUnion(
  "type",
  [
    variant("flooding"),
    variant("repetition"),
    variant("blocked_spike"),
    variant("round_limit"),
    variant("message_size"),
    variant("threat"),
    variant("quota"),
  ],
  { error: `type: must be one of ${RULE_TYPES.join(", ")}` },
);
export type CreateRuleInput = z.output<typeof createRuleSchema>;

/** An edit: any of the fields; the type of a rule never changes, so params are checked against the stored type. */
export const updateRuleSchema = z
  .object({
    name: ruleName,
    params: z.record(z.string(), z.unknown()),
    agentPattern: agentPatternSchema,
    severity,
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateRuleInput = z.output<typeof updateRuleSchema>;

/** A backtest body: an unsaved (or edited) rule. */
export const backtestRuleSchema = createRuleSchema;

export function parseRuleParams<T extends RuleType>(type: T, params: unknown): RuleParams[T] {
  return RULE_PARAM_SCHEMAS[type].parse(params) as RuleParams[T];
}

/**
 * `web_*` or `coder?` matched case-insensitively against the whole agent name; null matches every
 * agent. `*` is any run of characters, `?` one (a UTF-16 unit). Matched by a two-pointer scan that
 * returns to the last `*` on a mismatch: at most pattern x name steps. The regular expression this
 * used to become (`^.*a.*a...b$`) backtracked catastrophically: ten stars against a 40-character
 * name took 36 s, blocking the server's event loop on every ingest the rule judged.
 */
export function agentMatcher(pattern: string | null): (agent: string) => boolean {
  if (!pattern) return () => true;
  const glob = fold(pattern);
  return (agent) => globMatches(glob, fold(agent));
}

/** Each UTF-16 unit lower-cased on its own (so the string keeps its length). */
function fold(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!.toLowerCase();
    out += c.length === 1 ? c : s[i];
  }
  return out;
}

function globMatches(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const c = glob[g];
    if (c === "*") {
      star = g++;
      resume = n;
    } else if (c !== undefined && (c === "?" || c === name[n])) {
      g++;
      n++;
    } else if (star >= 0) {
      // The last star takes one more character; everything after it is matched again.
      g = star + 1;
      n = ++resume;
    } else return false;
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
export function severityAtLeast(severity: string, minimum: AlertSeverity): boolean {
  const rank = SEVERITY_RANK[severity as AlertSeverity];
  return rank !== undefined && rank >= SEVERITY_RANK[minimum];
}
