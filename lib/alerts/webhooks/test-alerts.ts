// Test support: alert rules, alerts and webhooks inserted directly, as the alert
// evaluator and the management routes would leave them (integration tests only).
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

export async function insertTestRule(tenant: { organizationId: string; projectId: string }, name = "Flooding in group chats") {
  return db().alertRule.create({
    data: {
      organizationId: tenant.organizationId,
      projectId: tenant.projectId,
      name,
      type: "flooding",
      params: { messages: 20, windowSeconds: 60 },
      severity: "high",
    },
    select: { id: true, name: true },
  });
}

export async function insertTestAlert(
  tenant: { organizationId: string; projectId: string },
  rule: { id: string; name: string } | null,
  overrides: { status?: "open" | "acknowledged" | "resolved"; count?: number } = {},
) {
  const firstSeenAt = new Date("2026-11-20T09:15:00.000Z");
  return db().alert.create({
    data: {
      organizationId: tenant.organizationId,
      projectId: tenant.projectId,
      ruleId: rule?.id ?? null,
      ruleName: rule?.name ?? "Deleted rule",
      ruleType: "flooding",
      severity: "high",
      status: overrides.status ?? "open",
      subjectKey: "agent:planner|conversation:c-1042",
      agentName: "planner",
      dedupKey: `${rule?.id ?? "none"}:${randomBytes(6).toString("hex")}`,
      title: "planner sent 31 messages within 60 s",
      count: overrides.count ?? 3,
      measured: { messages: 31, windowSeconds: 60, threshold: 20 },
      evidence: { messageIds: ["m-1", "m-2"] },
      firstSeenAt,
      lastSeenAt: new Date(firstSeenAt.getTime() + 45_000),
    },
    select: { id: true, organizationId: true, projectId: true, ruleId: true },
  });
}

export async function insertTestWebhook(
  tenant: { organizationId: string; projectId: string },
  url: string,
  options: { ruleId?: string | null; enabled?: boolean; secret?: string } = {},
) {
  return db().webhook.create({
    data: {
      organizationId: tenant.organizationId,
      projectId: tenant.projectId,
      ruleId: options.ruleId ?? null,
      url,
      secret: options.secret ?? `whsec_${randomBytes(32).toString("base64url")}`,
      enabled: options.enabled ?? true,
    },
    select: { id: true, secret: true, url: true },
  });
}
