// The JSON the webhook routes answer, as the dashboard reads it.
export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed";

export interface WebhookRow {
  id: string;
  url: string;
  ruleId: string | null;
  rule: { id: string; name: string } | null;
  enabled: boolean;
  secretPrefix: string;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { status: DeliveryStatus; createdAt: string; lastError: string | null } | null;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  webhookUrl: string;
  alertId: string | null;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: string | null;
  createdAt: string;
}

export function webhooksBase(orgId: string, projectId: string): string {
  return `/api/orgs/${orgId}/projects/${projectId}/webhooks`;
}
