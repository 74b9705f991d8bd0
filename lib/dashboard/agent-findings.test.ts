import { describe, expect, it } from "vitest";
import { summariseFindings, type FindingGroupRow } from "./agent-findings";

const row = (category: string, rule: string, findings: number, blocked: number, severityRank: number | null, events = findings): FindingGroupRow => ({
  category,
  rule,
  findings: BigInt(findings),
  events: BigInt(events),
  blocked: BigInt(blocked),
  severityRank,
  maxScore: 0.9,
});

describe("summariseFindings", () => {
  it("ranks rules by blocked events, then severity, then how often they fired", () => {
    const s = summariseFindings([
      row("pii", "pii.email", 40, 0, 0),
      row("code_execution", "code_execution.reverse_shell.bash", 3, 3, 3),
      row("prompt_injection", "prompt_injection.ignore_previous", 9, 2, 2),
      row("secrets", "secrets.aws_access_key", 2, 0, 3),
    ]);
    expect(s.rules.map((r) => r.rule)).toEqual([
      "code_execution.reverse_shell.bash",
      "prompt_injection.ignore_previous",
      "secrets.aws_access_key",
      "pii.email",
    ]);
    expect(s.rules[0]).toMatchObject({ findings: 3, events: 3, blocked: 3, severity: "critical" });
  });

  it("sums each category over its rules and orders categories by findings", () => {
    const s = summariseFindings([
      row("code_execution", "code_execution.reverse_shell.bash", 3, 3, 3),
      row("code_execution", "code_execution.download_execute", 5, 1, 3),
      row("pii", "pii.email", 4, 0, 0),
    ]);
    expect(s.categories).toEqual([
      { category: "code_execution", findings: 8, rules: 2, blocked: 4 },
      { category: "pii", findings: 4, rules: 1, blocked: 0 },
    ]);
  });

  it("lists the top rules and counts the ones left out", () => {
    const rows = Array.from({ length: 13 }, (_, i) => row("pii", `pii.rule_${String(i).padStart(2, "0")}`, 13 - i, 0, 1));
    const s = summariseFindings(rows, 10);
    expect(s.rules).toHaveLength(10);
    expect(s.rules[0]!.rule).toBe("pii.rule_00");
    expect(s.moreRules).toBe(3);
    expect(s.categories).toEqual([{ category: "pii", findings: 91, rules: 13, blocked: 0 }]);
  });

  it("gives no severity for an unknown one and nothing at all for an agent without findings", () => {
    expect(summariseFindings([row("pii", "pii.email", 1, 0, null)]).rules[0]!.severity).toBeNull();
    expect(summariseFindings([])).toEqual({ rules: [], categories: [], moreRules: 0 });
  });
});
