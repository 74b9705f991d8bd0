import { beforeAll, describe, expect, it } from "vitest";
import * as webhooksRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route";
import * as webhookRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route";
import * as rotateRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/rotate-secret/route";
import * as webhookDeliveriesRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/deliveries/route";
import * as deliveriesRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/deliveries/route";
import { db } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { addMemberWithRole, call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { enqueueAlertWebhooks } from "./enqueue";
import { insertTestAlert, insertTestRule } from "./test-alerts";

useMigratedDatabase();

let tenant: Awaited<ReturnType<typeof createTenant>>;
let params: { orgId: string; projectId: string };
let owner: string;
let admin: string;
let viewer: string;

beforeAll(async () => {
  tenant = await createTenant("hooks");
  params = { orgId: tenant.organization.id, projectId: tenant.project.id };
  owner = await sessionCookie(tenant.owner.id);
  admin = await sessionCookie((await addMemberWithRole(tenant.organization.id, "admin", "hooks")).id);
  viewer = await sessionCookie((await addMemberWithRole(tenant.organization.id, "viewer", "hooks")).id);
});

async function create(json: unknown, cookie = admin) {
  return call(webhooksRoute.POST, "POST", "/api/webhooks", { params, cookie, json });
}

describe("webhook management", () => {
  it("creates a webhook with a 32-byte secret shown once; lists show only its prefix", async () => {
    const res = await create({ url: "https://hooks.soc.example.com/warden?team=blue" });
    expect(res.status).toBe(201);
    const { webhook, secret } = res.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(6), "base64url")).toHaveLength(32);
    expect(webhook).toMatchObject({ url: "https://hooks.soc.example.com/warden?team=blue", ruleId: null, enabled: true, secretPrefix: secret.slice(0, 12) });
    expect(JSON.stringify(webhook)).not.toContain(secret.slice(12));

    for (const cookie of [owner, admin, viewer]) {
      const list = await call(webhooksRoute.GET, "GET", "/api/webhooks", { params, cookie });
      expect(list.status).toBe(200);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain(secret.slice(12));
      expect(text).not.toContain('"secret"');
    }
    const asViewer = await call(webhooksRoute.GET, "GET", "/api/webhooks", { params, cookie: viewer });
    const seen = asViewer.body.webhooks.find((w: { id: string }) => w.id === webhook.id);
    // A read-only member sees where alerts go, not the URL's path or query (a credential for some receivers).
    expect(seen).toMatchObject({ url: "https://hooks.soc.example.com/…", secretPrefix: secret.slice(0, 12), lastDelivery: null });

    const audit = await db().auditLogEntry.findFirstOrThrow({ where: { action: "webhook.created", targetId: webhook.id } });
    expect(audit.metadata).toEqual({ origin: "https://hooks.soc.example.com", ruleId: null, enabled: true, secretPrefix: secret.slice(0, 12) });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(12));
  });

  it("binds a webhook to a rule of the project and filters the list by rule", async () => {
    const rule = await insertTestRule({ organizationId: params.orgId, projectId: params.projectId }, "Blocked spike");
    const res = await create({ url: "https://siem.example.net/in", ruleId: rule.id, enabled: false });
    expect(res.status).toBe(201);
    expect(res.body.webhook).toMatchObject({ ruleId: rule.id, rule: { id: rule.id, name: "Blocked spike" }, enabled: false });
    const list = await call(webhooksRoute.GET, "GET", `/api/webhooks?ruleId=${rule.id}`, { params, cookie: viewer });
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toEqual([res.body.webhook.id]);
  });

  it("refuses URLs to metadata, private, loopback and local names when saved, naming the field and writing nothing", async () => {
    const before = await db().webhook.count();
    for (const url of [
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "http://10.0.0.1/hook",
      "http://[::ffff:10.0.0.1]/hook",
      "http://127.0.0.1:3000/api/v1/scan",
      "http://localhost:5432/",
      "ftp://files.example.com/drop",
      "https://admin:hunter2@hooks.example.com/",
    ]) {
      const res = await create({ url });
      expect(res.status, url).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_failed", field: "url" });
    }
    const updateTarget = await create({ url: "https://hooks.example.org/a" });
    const patch = await call(webhookRoute.PATCH, "PATCH", "/api/webhook", {
      params: { ...params, webhookId: updateTarget.body.webhook.id },
      cookie: admin,
      json: { url: "http://169.254.169.254/" },
    });
    expect(patch.status).toBe(422);
    expect(patch.body.error.field).toBe("url");
    expect((await db().webhook.findUniqueOrThrow({ where: { id: updateTarget.body.webhook.id } })).url).toBe("https://hooks.example.org/a");
    expect(await db().webhook.count()).toBe(before + 1);
  });

  it("refuses a rule of another project or organization without telling which", async () => {
    const other = await createTenant("hooks-other");
    const foreignRule = await insertTestRule({ organizationId: other.organization.id, projectId: other.project.id });
    const res = await create({ url: "https://hooks.example.com/x", ruleId: foreignRule.id });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: "validation_failed", field: "ruleId", message: "ruleId: no such rule in this project" });
  });

  it("updates, rotates and deletes, each audit-logged; rotation shows the new secret once", async () => {
    const created = await create({ url: "https://hooks.example.com/rotate-me" }, owner);
    const id = created.body.webhook.id;
    const webhookParams = { ...params, webhookId: id };

    const patched = await call(webhookRoute.PATCH, "PATCH", "/api/webhook", { params: webhookParams, cookie: admin, json: { enabled: false, url: "https://hooks2.example.com/in" } });
    expect(patched.status).toBe(200);
    expect(patched.body.webhook).toMatchObject({ enabled: false, url: "https://hooks2.example.com/in" });

    const rotated = await call(rotateRoute.POST, "POST", "/api/rotate", { params: webhookParams, cookie: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await db().webhook.findUniqueOrThrow({ where: { id } })).secret).toBe(rotated.body.secret);
    expect(rotated.body.webhook.secretPrefix).toBe(rotated.body.secret.slice(0, 12));

    const deleted = await call(webhookRoute.DELETE, "DELETE", "/api/webhook", { params: webhookParams, cookie: owner });
    expect(deleted.status).toBe(200);
    expect(await db().webhook.count({ where: { id } })).toBe(0);
    const again = await call(webhookRoute.DELETE, "DELETE", "/api/webhook", { params: webhookParams, cookie: owner });
    expect(again.status).toBe(404);

    const actions = await db().auditLogEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" }, select: { action: true, metadata: true } });
    expect(actions.map((entry) => entry.action)).toEqual(["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted"]);
    expect(actions[1]!.metadata).toEqual({
      origin: { from: "https://hooks.example.com", to: "https://hooks2.example.com" },
      enabled: { from: true, to: false },
    });
    expect(JSON.stringify(actions)).not.toContain(rotated.body.secret.slice(12));
  });

  it("lets viewers read but not create, change, rotate or delete", async () => {
    const created = await create({ url: "https://hooks.example.com/viewer-test" });
    const webhookParams = { ...params, webhookId: created.body.webhook.id };
    const before = await db().auditLogEntry.count();
    const attempts = [
      await create({ url: "https://hooks.example.com/by-viewer" }, viewer),
      await call(webhookRoute.PATCH, "PATCH", "/api/webhook", { params: webhookParams, cookie: viewer, json: { enabled: false } }),
      await call(rotateRoute.POST, "POST", "/api/rotate", { params: webhookParams, cookie: viewer }),
      await call(webhookRoute.DELETE, "DELETE", "/api/webhook", { params: webhookParams, cookie: viewer }),
      await call(webhookRoute.GET, "GET", "/api/webhook", { params: webhookParams, cookie: viewer }),
    ];
    expect(attempts.map((res) => res.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await db().auditLogEntry.count()).toBe(before);
    expect(await db().webhook.findUniqueOrThrow({ where: { id: created.body.webhook.id } })).toMatchObject({ enabled: true });
  });

  it("lists an alert's deliveries with status, attempts and last error, newest first, paginated", async () => {
    // A tenant of its own, so the webhooks of the other tests do not receive this alert.
    const own = await createTenant("hooks-deliveries");
    const ownParams = { orgId: own.organization.id, projectId: own.project.id };
    const ownerCookie = await sessionCookie(own.owner.id);
    const reader = await sessionCookie((await addMemberWithRole(own.organization.id, "viewer", "hooks-deliveries")).id);
    const scope = { organizationId: ownParams.orgId, projectId: ownParams.projectId };
    const rule = await insertTestRule(scope, "Flooding");
    const hook = await call(webhooksRoute.POST, "POST", "/api/webhooks", {
      params: ownParams,
      cookie: ownerCookie,
      json: { url: "https://hooks.example.com/for-deliveries", ruleId: rule.id },
    });
    const alert = await insertTestAlert(scope, rule);
    await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.acknowledged"));
    const opened = await db().webhookDelivery.findFirstOrThrow({ where: { alertId: alert.id, event: "alert.opened" } });
    await db().webhookDelivery.update({
      where: { id: opened.id },
      data: { status: "retrying", attempts: 2, lastError: "HTTP 502 Bad Gateway", lastStatusCode: 502 },
    });

    const first = await call(deliveriesRoute.GET, "GET", `/api/deliveries?alertId=${alert.id}&limit=1`, { params: ownParams, cookie: reader });
    expect(first.status).toBe(200);
    expect(first.body.deliveries.map((d: { event: string }) => d.event)).toEqual(["alert.acknowledged"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(deliveriesRoute.GET, "GET", `/api/deliveries?alertId=${alert.id}&limit=1&cursor=${first.body.nextCursor}`, {
      params: ownParams,
      cookie: reader,
    });
    expect(second.body.deliveries).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.deliveries[0]).toMatchObject({
      id: opened.id,
      event: "alert.opened",
      status: "retrying",
      attempts: 2,
      lastError: "HTTP 502 Bad Gateway",
      lastStatusCode: 502,
      webhookUrl: "https://hooks.example.com/…",
    });
    expect(second.body.deliveries[0].nextAttemptAt).toEqual(expect.any(String));
    expect(first.body.deliveries[0]).toMatchObject({ status: "pending", attempts: 0, lastError: null });

    const byHook = await call(webhookDeliveriesRoute.GET, "GET", "/api/hook-deliveries?status=retrying", {
      params: { ...ownParams, webhookId: hook.body.webhook.id },
      cookie: ownerCookie,
    });
    expect(byHook.body.deliveries.map((d: { id: string; webhookUrl: string }) => [d.id, d.webhookUrl])).toEqual([
      [opened.id, "https://hooks.example.com/for-deliveries"],
    ]);
    expect(JSON.stringify([first.body, second.body, byHook.body])).not.toContain("whsec_");

    const list = await call(webhooksRoute.GET, "GET", "/api/webhooks", { params: ownParams, cookie: reader });
    expect(list.body.webhooks[0].lastDelivery).toMatchObject({ status: "pending" });

    const missing = await call(deliveriesRoute.GET, "GET", "/api/deliveries?alertId=00000000-0000-0000-0000-000000000000", { params: ownParams, cookie: reader });
    expect(missing.status).toBe(404);
    const badStatus = await call(deliveriesRoute.GET, "GET", "/api/deliveries?status=lost", { params: ownParams, cookie: reader });
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.error.field).toBe("status");
  });
});
