// The JSON body a webhook receiver gets. Built once when a delivery is queued and
// stored verbatim in WebhookDelivery.body, so every retry sends (and signs) the
// same bytes and a receiver can dedupe on `deliveryId`.
export const WEBHOOK_EVENTS = ["alert.opened", "alert.updated", "alert.acknowledged", "alert.resolved"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The Alert row as the payload needs it (read in the transaction that queues the delivery). */
export interface AlertForPayload {
  id: string;
  organizationId: string;
  projectId: string;
  orgSlug: string;
  projectSlug: string;
  ruleId: string | null;
  ruleName: string;
  ruleType: string;
  severity: string;
  status: string;
  title: string;
  subjectKey: string;
  agentName: string | null;
  conversationId: string | null;
  count: number;
  measured: unknown;
  firstSeenAt: Date | string;
  lastSeenAt: Date | string;
  acknowledgedAt: Date | string | null;
  resolvedAt: Date | string | null;
}

export interface WebhookPayload {
  event: WebhookEvent;
  deliveryId: string;
  createdAt: string;
  organizationId: string;
  projectId: string;
  alert: {
    id: string;
    rule: { id: string | null; name: string; type: string };
    severity: string;
    status: string;
    title: string;
    subject: { key: string; agentName: string | null; conversationId: string | null };
    count: number;
    measured: unknown;
    firstSeenAt: string;
    lastSeenAt: string;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    dashboardPath: string;
    dashboardUrl: string | null;
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export function alertDashboardPath(orgSlug: string, projectSlug: string, alertId: string): string {
  return `/o/${encodeURIComponent(orgSlug)}/p/${encodeURIComponent(projectSlug)}/alerts/${encodeURIComponent(alertId)}`;
}

export function buildWebhookPayload(
  alert: AlertForPayload,
  event: WebhookEvent,
  deliveryId: string,
  createdAt: Date,
  baseUrl: string | undefined,
): WebhookPayload {
  const dashboardPath = alertDashboardPath(alert.orgSlug, alert.projectSlug, alert.id);
  return {
    event,
    deliveryId,
    createdAt: createdAt.toISOString(),
    organizationId: alert.organizationId,
    projectId: alert.projectId,
    alert: {
      id: alert.id,
      rule: { id: alert.ruleId, name: alert.ruleName, type: alert.ruleType },
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      subject: { key: alert.subjectKey, agentName: alert.agentName, conversationId: alert.conversationId },
      count: alert.count,
      measured: alert.measured ?? null,
      firstSeenAt: iso(alert.firstSeenAt),
      lastSeenAt: iso(alert.lastSeenAt),
      acknowledgedAt: alert.acknowledgedAt ? iso(alert.acknowledgedAt) : null,
      resolvedAt: alert.resolvedAt ? iso(alert.resolvedAt) : null,
      dashboardPath,
      dashboardUrl: baseUrl ? new URL(dashboardPath, baseUrl).toString() : null,
    },
  };
}
