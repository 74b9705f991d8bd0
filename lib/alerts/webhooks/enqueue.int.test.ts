import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { prismaSql, withTransaction } from "@/lib/db/sql";
import { createTenant } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { enqueueAlertWebhooks } from "./enqueue";
import type { WebhookPayload } from "./payload";
import { insertTestAlert, insertTestRule, insertTestWebhook } from "./test-alerts";

useMigratedDatabase();

describe("enqueueAlertWebhooks", () => {
  it("queues one delivery per enabled project-wide or same-rule webhook, with the alert's JSON body", async () => {
    const { organization, project } = await createTenant("enqueue");
    const tenant = { organizationId: organization.id, projectId: project.id };
    const rule = await insertTestRule(tenant);
    const otherRule = await insertTestRule(tenant, "Repetition");
    const projectWide = await insertTestWebhook(tenant, "https://hooks.example.com/warden");
    const forRule = await insertTestWebhook(tenant, "https://siem.example.com/in", { ruleId: rule.id });
    await insertTestWebhook(tenant, "https://other.example.com/in", { ruleId: otherRule.id });
    await insertTestWebhook(tenant, "https://disabled.example.com/in", { enabled: false });
    const alert = await insertTestAlert(tenant, rule);

    const queued = await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"));
    expect(queued).toBe(2);

    const rows = await db().webhookDelivery.findMany({ where: { alertId: alert.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.webhookId).sort()).toEqual([projectWide.id, forRule.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", attempts: 0, event: "alert.opened", projectId: project.id });
      const body = JSON.parse(row.body) as WebhookPayload;
      expect(body.deliveryId).toBe(row.id);
      expect(body.event).toBe("alert.opened");
      expect(new Date(body.createdAt).getTime()).toBe(row.createdAt.getTime());
      expect(body.alert).toMatchObject({
        id: alert.id,
        rule: { id: rule.id, name: "Flooding in group chats", type: "flooding" },
        severity: "high",
        status: "open",
        subject: { key: "agent:planner|conversation:c-1042", agentName: "planner", conversationId: null },
        count: 3,
        measured: { messages: 31, windowSeconds: 60, threshold: 20 },
        firstSeenAt: "2026-11-20T09:15:00.000Z",
        lastSeenAt: "2026-11-20T09:15:45.000Z",
        acknowledgedAt: null,
        resolvedAt: null,
        dashboardPath: `/o/${organization.slug}/p/${project.slug}/alerts/${alert.id}`,
      });
    }
  });

  it("works inside a Prisma transaction too and rolls back with it", async () => {
    const { organization, project } = await createTenant("enqueue-tx");
    const tenant = { organizationId: organization.id, projectId: project.id };
    await insertTestWebhook(tenant, "https://hooks.example.com/warden");
    const alert = await insertTestAlert(tenant, null, { status: "resolved" });

    const queued = await db().$transaction((tx) => enqueueAlertWebhooks(prismaSql(tx), alert, "alert.resolved"));
    expect(queued).toBe(1);
    const [row] = await db().webhookDelivery.findMany({ where: { alertId: alert.id } });
    expect(JSON.parse(row!.body)).toMatchObject({ event: "alert.resolved", alert: { status: "resolved", rule: { id: null } } });

    await expect(
      db().$transaction(async (tx) => {
        await enqueueAlertWebhooks(prismaSql(tx), alert, "alert.updated");
        throw new Error("the alert change failed");
      }),
    ).rejects.toThrow("the alert change failed");
    expect(await db().webhookDelivery.count({ where: { alertId: alert.id } })).toBe(1);
  });

  it("queues nothing for another project's webhooks", async () => {
    const a = await createTenant("enqueue-a");
    const b = await createTenant("enqueue-b");
    await insertTestWebhook({ organizationId: b.organization.id, projectId: b.project.id }, "https://b.example.com/in");
    const alert = await insertTestAlert({ organizationId: a.organization.id, projectId: a.project.id }, null);
    expect(await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"))).toBe(0);
  });
});
