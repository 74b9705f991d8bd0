// An agent page's "top findings": what the detectors found in one agent's scanned messages,
// by rule and by category. The SQL groups findings by (category, rule); this ranks them and
// sums categories. Pure and unit-tested (agent-findings.test.ts).
import { SEVERITIES, type Severity } from "@/lib/detection/types";

/** One GROUP BY row: the findings of one rule in the agent's events of the range. */
export interface FindingGroupRow {
  category: string;
  rule: string;
  /** Findings of this rule (an event can hold several). */
  findings: number | bigint;
  /** Events with at least one finding of this rule, and of those, how many were blocked. */
  events: number | bigint;
  blocked: number | bigint;
  /** Highest severity seen, as SEVERITIES' index (0 = low); null if no finding carried a known one. */
  severityRank: number | null;
  maxScore: number | null;
}

export interface RuleFinding {
  category: string;
  rule: string;
  findings: number;
  events: number;
  blocked: number;
  severity: Severity | null;
  maxScore: number | null;
}

export interface CategoryFinding {
  category: string;
  findings: number;
  /** Rules of the category that fired. */
  rules: number;
  blocked: number;
}

export interface AgentFindings {
  rules: RuleFinding[];
  categories: CategoryFinding[];
  /** Rules that fired beyond the ones listed. */
  moreRules: number;
}

export const TOP_RULES = 10;

const bySeverityThenCount = (a: RuleFinding, b: RuleFinding) =>
  b.blocked - a.blocked || (b.severity ? SEVERITIES.indexOf(b.severity) : -1) - (a.severity ? SEVERITIES.indexOf(a.severity) : -1) || b.findings - a.findings || a.rule.localeCompare(b.rule);

/**
 * Rules ranked by what matters to an investigator: blocked events first, then severity, then
 * how often it fired; categories by findings. `blocked` of a category adds its rules' blocked
 * events, so an event blocked by two rules of one category counts twice there (the UI says
 * "findings", not "events", for categories).
 */
export function summariseFindings(rows: readonly FindingGroupRow[], topRules = TOP_RULES): AgentFindings {
  const rules = rows
    .map(
      (r): RuleFinding => ({
        category: r.category,
        rule: r.rule,
        findings: Number(r.findings),
        events: Number(r.events),
        blocked: Number(r.blocked),
        severity: r.severityRank !== null && r.severityRank >= 0 ? (SEVERITIES[r.severityRank] ?? null) : null,
        maxScore: r.maxScore,
      }),
    )
    .filter((r) => r.findings > 0)
    .sort(bySeverityThenCount);
  const categories = new Map<string, CategoryFinding>();
  for (const r of rules) {
    const c = categories.get(r.category) ?? { category: r.category, findings: 0, rules: 0, blocked: 0 };
    c.findings += r.findings;
    c.rules += 1;
    c.blocked += r.blocked;
    categories.set(r.category, c);
  }
  return {
    rules: rules.slice(0, topRules),
    categories: [...categories.values()].sort((a, b) => b.findings - a.findings || a.category.localeCompare(b.category)),
    moreRules: Math.max(0, rules.length - topRules),
  };
}
