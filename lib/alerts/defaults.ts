// The rules every new project starts with (also the first-run and demo projects). They are
// ordinary rows marked isDefault: editable, and removable like any other rule.
import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { CreateRuleInput } from "./rule-types";

export const DEFAULT_RULES: readonly CreateRuleInput[] = [
  {
    name: "Flooding: one agent floods a conversation",
    type: "flooding",
    // 85%: a Magentic-One orchestrator legitimately sends ~76% of its run (Who&When hand-crafted 47).
    params: { maxMessages: 20, windowSeconds: 60, sharePercent: 85, minMessages: 30 },
    agentPattern: null,
    severity: "high",
    enabled: true,
  },
  {
    name: "Repetition: agents repeat the same message",
    type: "repetition",
    params: { minRepeats: 8, similarity: 0.8, lookbackMessages: 50, across: "any_agent" },
    agentPattern: null,
    severity: "medium",
    enabled: true,
  },
  {
    name: "Blocked spike: 10 blocked events in 5 minutes",
    type: "blocked_spike",
    params: { minBlocked: 10, windowSeconds: 300, per: "project" },
    agentPattern: null,
    severity: "high",
    enabled: true,
  },
  { name: "Quota: 80% of the monthly quota used", type: "quota", params: { percent: 80 }, agentPattern: null, severity: "medium", enabled: true },
  { name: "Quota: monthly quota reached", type: "quota", params: { percent: 100 }, agentPattern: null, severity: "high", enabled: true },
];

type Tx = Pick<Prisma.TransactionClient, "alertRule">;

/** Adds the default rules to a project, in the transaction that creates it. */
export async function createDefaultRules(tx: Tx, scope: { organizationId: string; projectId: string }): Promise<void> {
  await tx.alertRule.createMany({
    data: DEFAULT_RULES.map((rule) => ({
      organizationId: scope.organizationId,
      projectId: scope.projectId,
      name: rule.name,
      type: rule.type,
      params: rule.params as Prisma.InputJsonObject,
      agentPattern: rule.agentPattern,
      severity: rule.severity,
      enabled: rule.enabled,
      isDefault: true,
    })),
  });
}
