// Per-project policy: for each category and direction, an action and a score threshold.
//
// Semantics (kept deliberately simple so the dashboard can explain every verdict):
//  - action "block": a finding with score >= threshold blocks the message; weaker
//    findings of that category still flag it (the evidence is worth a look).
//  - action "flag":  a finding with score >= threshold flags the message; weaker
//    findings are ignored.
//  - action "allow": findings are recorded but never change the verdict.
// The verdict is the worst over all findings: blocked > flagged > allowed.

import { z } from "zod";
import { CATEGORIES, DIRECTIONS, type Category, type Direction, type Finding, type Verdict } from "./types";

export type PolicyAction = "block" | "flag" | "allow";

export interface PolicyRule {
  action: PolicyAction;
  threshold: number;
}

export type Policy = Record<Category, Record<Direction, PolicyRule>>;

const ruleSchema = z.object({
  action: z.enum(["block", "flag", "allow"]),
  threshold: z.number().min(0).max(1),
});

const directionsSchema = z.object({
  inbound: ruleSchema,
  outbound: ruleSchema,
  internal: ruleSchema,
});

export const policySchema = z.object({
  prompt_injection: directionsSchema,
  jailbreak: directionsSchema,
  code_execution: directionsSchema,
  data_exfiltration: directionsSchema,
  secrets: directionsSchema,
  pii: directionsSchema,
});

const partialDirections = z
  .object({
    inbound: ruleSchema.partial().strict(),
    outbound: ruleSchema.partial().strict(),
    internal: ruleSchema.partial().strict(),
  })
  .partial()
  .strict();

/**
 * Partial overrides: any category, direction or field may be omitted. Unknown keys are
 * rejected (strict) so a typo such as "secret" does not silently leave the default on.
 */
export const policyOverrideSchema = z
  .object({
    prompt_injection: partialDirections,
    jailbreak: partialDirections,
    code_execution: partialDirections,
    data_exfiltration: partialDirections,
    secrets: partialDirections,
    pii: partialDirections,
  })
  .partial()
  .strict();

// Directions: "inbound" is what enters the agent system (user input, retrieved
// documents, tool output from the outside world); "outbound" is what leaves it (replies
// to users, calls to external tools); "internal" is agent-to-agent traffic.
//
// Defaults, and why:
//  - prompt_injection: block inbound at 0.8 (high/critical phrasing such as "ignore
//    previous instructions", chat-template tokens); medium signals only flag. Internal
//    traffic is where indirect injection relayed from tool output shows up: block the
//    critical cases (0.9), flag the rest. Outbound injection text is unusual but rarely
//    harmful to us: flag.
//  - jailbreak: block inbound at 0.85 (named personas, explicit "ignore your policy"),
//    flag elsewhere (agents quoting a template while discussing it).
//  - code_execution: block critical (0.9: reverse shells, rm -rf /, download cradles)
//    inbound and internal, where a code-executor agent would run it; flag outbound.
//  - data_exfiltration: block outbound and internal at 0.8 (that is the leak path);
//    flag inbound (an email containing a beacon is evidence, not yet a leak).
//  - secrets: block outbound at 0.7 (a key leaving the system is the incident); flag
//    inbound and internal (agents legitimately pass config around; masking covers storage).
//  - pii: flag everywhere at 0.5 (low-confidence phone guesses stay below); blocking
//    personal data is a business decision a project can opt into.
export const DEFAULT_POLICY: Policy = {
  prompt_injection: {
    inbound: { action: "block", threshold: 0.8 },
    outbound: { action: "flag", threshold: 0.6 },
    internal: { action: "block", threshold: 0.9 },
  },
  jailbreak: {
    inbound: { action: "block", threshold: 0.85 },
    outbound: { action: "flag", threshold: 0.6 },
    internal: { action: "flag", threshold: 0.6 },
  },
  code_execution: {
    inbound: { action: "block", threshold: 0.9 },
    outbound: { action: "flag", threshold: 0.6 },
    internal: { action: "block", threshold: 0.9 },
  },
  data_exfiltration: {
    inbound: { action: "flag", threshold: 0.6 },
    outbound: { action: "block", threshold: 0.8 },
    internal: { action: "block", threshold: 0.8 },
  },
  secrets: {
    inbound: { action: "flag", threshold: 0.5 },
    outbound: { action: "block", threshold: 0.7 },
    internal: { action: "flag", threshold: 0.5 },
  },
  pii: {
    inbound: { action: "flag", threshold: 0.5 },
    outbound: { action: "flag", threshold: 0.5 },
    internal: { action: "flag", threshold: 0.5 },
  },
};

/** Merge partial overrides over the defaults; throws a ZodError on invalid input. */
export function resolvePolicy(overrides: unknown): Policy {
  if (overrides === undefined || overrides === null) return clonePolicy(DEFAULT_POLICY);
  const parsed = policyOverrideSchema.parse(overrides);
  const out = clonePolicy(DEFAULT_POLICY);
  for (const c of CATEGORIES) {
    const perDir = parsed[c];
    if (!perDir) continue;
    for (const d of DIRECTIONS) {
      const r = perDir[d];
      if (!r) continue;
      out[c][d] = { ...out[c][d], ...definedOnly(r) };
    }
  }
  return policySchema.parse(out);
}

function definedOnly(r: Partial<PolicyRule>): Partial<PolicyRule> {
  const o: Partial<PolicyRule> = {};
  if (r.action !== undefined) o.action = r.action;
  if (r.threshold !== undefined) o.threshold = r.threshold;
  return o;
}

function clonePolicy(p: Policy): Policy {
  const out = {} as Policy;
  for (const c of CATEGORIES) {
    out[c] = { inbound: { ...p[c].inbound }, outbound: { ...p[c].outbound }, internal: { ...p[c].internal } };
  }
  return out;
}

export function decideVerdict(
  scan: { findings: Finding[] },
  policy: Policy,
  direction: Direction,
): { verdict: Verdict; blocked: boolean } {
  let verdict: Verdict = "allowed";
  for (const f of scan.findings) {
    const rule = policy[f.category]?.[direction];
    if (!rule || rule.action === "allow") continue;
    if (rule.action === "block") {
      if (f.score >= rule.threshold) return { verdict: "blocked", blocked: true };
      verdict = "flagged";
    } else if (f.score >= rule.threshold) {
      verdict = "flagged";
    }
  }
  return { verdict, blocked: false };
}
