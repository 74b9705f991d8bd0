// Queues an alert change for every webhook that wants it: one WebhookDelivery row per
// enabled webhook of the project that is project-wide or bound to the alert's rule.
// Call it inside the transaction that changes the alert, so the delivery commits (or
// rolls back) with the change; the webhook-deliveries task sends it afterwards.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import { serverEnv } from "@/lib/env";
import { nudgeTask } from "@/lib/jobs/start";
import { buildWebhookPayload, type AlertForPayload, type WebhookEvent } from "./payload";

export const WEBHOOK_DELIVERIES_TASK = "webhook-deliveries";

export async function enqueueAlertWebhooks(
  sql: Sql,
  alert: { id: string; organizationId: string; projectId: string; ruleId: string | null },
  event: WebhookEvent,
): Promise<number> {
  const webhooks = await sql.query<{ id: string }>(
    `SELECT "id" FROM "Webhook"
      WHERE "organizationId" = $1 AND "projectId" = $2 AND "enabled"
        AND ("ruleId" IS NULL OR "ruleId" = $3)
      ORDER BY "createdAt", "id"`,
    [alert.organizationId, alert.projectId, alert.ruleId],
  );
  if (webhooks.length === 0) return 0;

  const [row] = await sql.query<AlertForPayload>(
    `SELECT a."id", a."organizationId", a."projectId", o."slug" AS "orgSlug", p."slug" AS "projectSlug",
            a."ruleId", a."ruleName", a."ruleType"::text AS "ruleType", a."severity"::text AS "severity",
            a."status"::text AS "status", a."title", a."subjectKey", a."agentName", a."conversationId",
            a."count", a."measured",
            a."firstSeenAt" AT TIME ZONE 'UTC' AS "firstSeenAt", a."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt",
            a."acknowledgedAt" AT TIME ZONE 'UTC' AS "acknowledgedAt", a."resolvedAt" AT TIME ZONE 'UTC' AS "resolvedAt"
       FROM "Alert" a
       JOIN "Organization" o ON o."id" = a."organizationId"
       JOIN "Project" p ON p."id" = a."projectId"
      WHERE a."id" = $1 AND a."organizationId" = $2 AND a."projectId" = $3`,
    [alert.id, alert.organizationId, alert.projectId],
  );
  if (!row) throw new Error(`Alert ${alert.id} not found in its project; cannot queue webhooks.`);

  const now = new Date();
  const baseUrl = serverEnv().NEXTAUTH_URL;
  const ids: string[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < webhooks.length; i++) {
    const deliveryId = randomUUID();
    ids.push(deliveryId);
    bodies.push(JSON.stringify(buildWebhookPayload(row, event, deliveryId, now, baseUrl)));
  }
  await sql.query(
    `INSERT INTO "WebhookDelivery"
       ("id", "organizationId", "projectId", "webhookId", "alertId", "event", "body", "status", "attempts",
        "nextAttemptAt", "createdAt")
     SELECT d.id, $1, $2, d.webhook_id, $3, $4, d.body, 'pending', 0,
            $5::timestamptz AT TIME ZONE 'UTC', $5::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($6::text[], $7::text[], $8::text[]) AS d(id, webhook_id, body)`,
    [
      alert.organizationId,
      alert.projectId,
      alert.id,
      event,
      now.toISOString(),
      ids,
      webhooks.map((webhook) => webhook.id),
      bodies,
    ],
  );
  return webhooks.length;
}

/**
 * Wakes the delivery worker of this process; call it after the transaction that
 * queued deliveries has committed (otherwise the worker's next tick, within a
 * second, picks them up anyway).
 */
export function nudgeWebhookDeliveries(): void {
  nudgeTask(WEBHOOK_DELIVERIES_TASK);
}
