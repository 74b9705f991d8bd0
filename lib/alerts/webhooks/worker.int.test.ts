import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { startScheduler } from "@/lib/jobs/scheduler";
import { createTenant } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { enqueueAlertWebhooks } from "./enqueue";
import { verifyWardenSignature } from "./signature";
import { insertTestAlert, insertTestRule, insertTestWebhook } from "./test-alerts";
import { startTestReceiver, type TestReceiver } from "./test-receiver";
import type { HostResolver } from "./transport";
import { claimDueDeliveries, createWebhookDeliveryWorker, webhookDeliveriesTask, type DeliveryWorkerOptions } from "./worker";

useMigratedDatabase();

let receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
  // Each test's leftover retries must not be sent by the next test's workers.
  await db().webhookDelivery.updateMany({ where: { status: { in: ["pending", "retrying"] } }, data: { status: "failed" } });
});

async function receiver(...answers: Parameters<typeof startTestReceiver>[0]) {
  const started = await startTestReceiver(answers);
  receivers.push(started);
  return started;
}

/** A clock the test moves by hand, so retries need no real waiting. */
function testClock(start = new Date()) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

// Tests reach only the local receiver: private targets allowed, resolution stubbed.
const noDns: HostResolver = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};
const local: Partial<DeliveryWorkerOptions> = { allowPrivate: true, resolver: noDns, timeoutMs: 2_000 };

async function alertWithWebhook(label: string, url: string) {
  const { organization, project } = await createTenant(label);
  const tenant = { organizationId: organization.id, projectId: project.id };
  const rule = await insertTestRule(tenant);
  const webhook = await insertTestWebhook(tenant, url, { ruleId: rule.id });
  const alert = await insertTestAlert(tenant, rule);
  await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"));
  const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { alertId: alert.id } });
  return { tenant, webhook, alert, delivery };
}

function deliveryRow(id: string) {
  return db().webhookDelivery.findUniqueOrThrow({ where: { id } });
}

describe("webhook delivery worker", () => {
  it("sends the stored body once, signed with the webhook's secret, with event and delivery headers", async () => {
    const target = await receiver(204);
    const { webhook, delivery } = await alertWithWebhook("signed", target.url);
    const clock = testClock();

    expect(await createWebhookDeliveryWorker({ ...local, now: clock.now }).runOnce()).toBe(1);

    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/hooks/warden");
    expect(request!.body).toBe(delivery.body);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["warden-event"]).toBe("alert.opened");
    expect(request!.headers["warden-delivery"]).toBe(delivery.id);
    const header = String(request!.headers["warden-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    expect(verifyWardenSignature({ secret: webhook.secret, body: request!.body, header, nowSeconds })).toBe(true);
    expect(verifyWardenSignature({ secret: "whsec_someone-else", body: request!.body, header, nowSeconds })).toBe(false);
    expect(verifyWardenSignature({ secret: webhook.secret, body: request!.body.replace("high", "low"), header, nowSeconds })).toBe(false);

    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204, lastError: null, lockedUntil: null });
    expect(row.deliveredAt?.getTime()).toBe(clock.now().getTime());
    // Delivered rows are never claimed again.
    expect(await createWebhookDeliveryWorker({ ...local, now: clock.now }).runOnce()).toBe(0);
  });

  it("retries a receiver that answers 500 twice, then delivers exactly once on the 200", async () => {
    const target = await receiver(500, 500, 200);
    const { webhook, delivery } = await alertWithWebhook("retry", target.url);
    const clock = testClock();
    const delays: number[] = [];
    const worker = createWebhookDeliveryWorker({
      ...local,
      now: clock.now,
      random: () => 0.5,
      retryDelayMs: (attempt, random) => {
        const delay = Math.floor(random() * 5_000 * 2 ** (attempt - 1));
        delays.push(delay);
        return delay;
      },
    });

    expect(await worker.runOnce()).toBe(1);
    let row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "retrying", attempts: 1, lastStatusCode: 500 });
    expect(row.lastError).toBe("HTTP 500 Internal Server Error: upstream database unavailable");
    expect(row.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 2_500);

    // Not due yet: nothing is sent before the backoff has passed.
    clock.advance(2_499);
    expect(await worker.runOnce()).toBe(0);
    clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "retrying", attempts: 2, lastStatusCode: 500 });
    expect(row.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 5_000);

    clock.advance(5_000);
    expect(await worker.runOnce()).toBe(1);
    clock.advance(60 * 60 * 1000);
    expect(await worker.runOnce()).toBe(0);

    row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null });
    expect(delays).toEqual([2_500, 5_000]);
    expect(target.requests.map((request) => request.answeredWith)).toEqual([500, 500, 200]);
    expect(new Set(target.requests.map((request) => request.headers["warden-delivery"]))).toEqual(new Set([delivery.id]));
    expect(new Set(target.requests.map((request) => request.body)).size).toBe(1);
    for (const request of target.requests) {
      const header = String(request.headers["warden-signature"]);
      expect(verifyWardenSignature({ secret: webhook.secret, body: request.body, header, nowSeconds: Math.floor(clock.now().getTime() / 1000), toleranceSeconds: 7_200 })).toBe(true);
    }
  });

  it("loses nothing and sends nothing twice when the server restarts between attempts", async () => {
    const target = await receiver(500, 200);
    const { delivery } = await alertWithWebhook("restart", target.url);

    // First "server process": its scheduler runs the task until the first attempt failed.
    const first = startScheduler([webhookDeliveriesTask({ ...local, retryDelayMs: () => 400 })]);
    await target.waitForRequests(1);
    await first.stop();
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "retrying", attempts: 1, lockedUntil: null });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(target.requests).toHaveLength(1);

    // A new process over the same database picks the delivery up from its row.
    const second = startScheduler([webhookDeliveriesTask({ ...local, retryDelayMs: () => 400 })]);
    try {
      await target.waitForRequests(2);
      await expect.poll(async () => (await deliveryRow(delivery.id)).status).toBe("delivered");
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await second.stop();
    }
    expect(target.requests.map((request) => request.answeredWith)).toEqual([500, 200]);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("reclaims a delivery whose worker died mid-attempt once the claim expires, and not before", async () => {
    const target = await receiver(200);
    const { delivery } = await alertWithWebhook("crash", target.url);
    const clock = testClock();

    // A worker claims the row and dies before sending or recording anything.
    const [claimed] = await claimDueDeliveries(clock.now(), 60_000, 10);
    expect(claimed?.id).toBe(delivery.id);

    const worker = createWebhookDeliveryWorker({ ...local, now: clock.now, leaseMs: 60_000 });
    clock.advance(59_999);
    expect(await worker.runOnce()).toBe(0);
    expect(target.requests).toHaveLength(0);
    clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect(target.requests).toHaveLength(1);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("lets concurrent workers share due deliveries without sending any twice", async () => {
    const target = await receiver(200);
    const { tenant, alert } = await alertWithWebhook("concurrent", target.url);
    for (let i = 0; i < 5; i++) await insertTestWebhook(tenant, `${target.url}?n=${i}`);
    await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.updated"));
    const total = await db().webhookDelivery.count({ where: { alertId: alert.id } });
    expect(total).toBe(7);

    const workers = Array.from({ length: 4 }, () => createWebhookDeliveryWorker({ ...local, batchSize: 2 }));
    let handled = 0;
    for (let round = 0; round < 4; round++) handled += (await Promise.all(workers.map((w) => w.runOnce()))).reduce((a, b) => a + b, 0);

    expect(handled).toBe(7);
    expect(target.requests).toHaveLength(7);
    expect(new Set(target.requests.map((request) => request.headers["warden-delivery"])).size).toBe(7);
    expect(await db().webhookDelivery.count({ where: { alertId: alert.id, status: "delivered" } })).toBe(7);
  });

  it("does not follow a redirect: the 3xx is a failed attempt and the Location is never requested", async () => {
    const target = await receiver({ status: 302, headers: { location: "/elsewhere" } });
    const { delivery } = await alertWithWebhook("redirect", target.url);
    await createWebhookDeliveryWorker(local).runOnce();
    expect(target.requests.map((request) => request.path)).toEqual(["/hooks/warden"]);
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "retrying", lastStatusCode: 302 });
    expect(row.lastError).toContain("redirect to /elsewhere not followed");
  });

  it("gives up on a receiver that does not answer within the timeout and retries later", async () => {
    const target = await receiver("hang");
    const { delivery } = await alertWithWebhook("timeout", target.url);
    const started = Date.now();
    await createWebhookDeliveryWorker({ ...local, timeoutMs: 300 }).runOnce();
    expect(Date.now() - started).toBeLessThan(2_000);
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "retrying", lastStatusCode: null, lastError: "no answer within 300 ms" });
  });

  it("marks a delivery failed after the 24-hour retry window", async () => {
    const target = await receiver(503);
    const { delivery } = await alertWithWebhook("window", target.url);
    const clock = testClock(new Date(delivery.createdAt.getTime() + 23 * 60 * 60 * 1000));
    const worker = createWebhookDeliveryWorker({ ...local, now: clock.now, retryDelayMs: () => 2 * 60 * 60 * 1000 });
    await worker.runOnce();
    let row = await deliveryRow(delivery.id);
    // The last retry is scheduled at the end of the window, not past it.
    expect(row.status).toBe("retrying");
    expect(row.nextAttemptAt.getTime()).toBe(delivery.createdAt.getTime() + 24 * 60 * 60 * 1000);
    clock.advance(60 * 60 * 1000);
    await worker.runOnce();
    row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastStatusCode: 503 });
    clock.advance(60 * 60 * 1000);
    expect(await worker.runOnce()).toBe(0);
    expect(target.requests).toHaveLength(2);
  });

  it("refuses, before connecting, a host name that resolves to a private or loopback address", async () => {
    // The receiver listens on 127.0.0.1: a connection, had one been made, would show here.
    const target = await receiver(200);
    const resolved: string[] = [];
    const stubResolver = (address: string, family: 4 | 6 = 4): HostResolver => async (hostname) => {
      resolved.push(hostname);
      return [{ address: "203.0.113.10", family: 4 }, { address, family }];
    };
    const cases: Array<[string, string, 4 | 6]> = [
      ["hooks.customer-a.example", "10.0.0.1", 4],
      ["hooks.customer-b.example", "127.0.0.1", 4],
      ["hooks.customer-c.example", "::ffff:169.254.169.254", 6],
    ];
    for (const [host, address, family] of cases) {
      const { delivery } = await alertWithWebhook(`rebind-${address.replace(/\W/g, "")}`, `http://${host}:${target.port}/hooks/warden`);
      await createWebhookDeliveryWorker({ allowPrivate: false, resolver: stubResolver(address, family) }).runOnce();
      const row = await deliveryRow(delivery.id);
      expect(row.status).toBe("failed");
      expect(row.lastError).toContain(`Refused: ${host} resolves to ${address}`);
    }
    expect(resolved).toEqual(cases.map(([host]) => host));
    expect(target.requests).toHaveLength(0);
  });

  it("connects to the address the resolver checked, keeping the URL's host name in the request", async () => {
    const target = await receiver(200);
    const { delivery } = await alertWithWebhook("pinned", `http://receiver.customer.example:${target.port}/hooks/warden`);
    let lookups = 0;
    const resolver: HostResolver = async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    await createWebhookDeliveryWorker({ allowPrivate: true, resolver }).runOnce();
    expect(lookups).toBe(1);
    expect(target.requests[0]?.headers.host).toBe(`receiver.customer.example:${target.port}`);
    expect((await deliveryRow(delivery.id)).status).toBe("delivered");
  });

  it("refuses an IP-literal private URL at send time too when private targets are not allowed", async () => {
    const target = await receiver(200);
    const { delivery } = await alertWithWebhook("literal", target.url);
    await createWebhookDeliveryWorker({ allowPrivate: false, resolver: noDns }).runOnce();
    const row = await deliveryRow(delivery.id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/^Refused: .*loopback/);
    expect(target.requests).toHaveLength(0);
  });

  it("fails the deliveries of a webhook disabled after they were queued, without sending", async () => {
    const target = await receiver(200);
    const { webhook, delivery } = await alertWithWebhook("disabled", target.url);
    await db().webhook.update({ where: { id: webhook.id }, data: { enabled: false } });
    await createWebhookDeliveryWorker(local).runOnce();
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "failed", lastError: "The webhook was disabled before this delivery was sent." });
    expect(target.requests).toHaveLength(0);
  });
});
