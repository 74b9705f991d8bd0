// The durable outbox worker: claims due WebhookDelivery rows, signs and sends them,
// and records the outcome. All state lives in the rows (status, attempts,
// nextAttemptAt, lockedUntil), so a restart loses nothing: a claim whose worker died
// expires and is claimed again. Claims use FOR UPDATE SKIP LOCKED, so several server
// processes share the work without sending a row twice at the same time.
// Built on the app's PeriodicTask scheduler rather than pg-boss (not a dependency):
// the outbox rows are the queue, and the alert page reads their status directly.
import "server-only";
import { pool } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";
import type { PeriodicTask } from "@/lib/jobs/scheduler";
import { log } from "@/lib/log";
import { WebhookTargetRefused } from "./address-policy";
import { WEBHOOK_DELIVERIES_TASK } from "./enqueue";
import { backoffWithFullJitter, RETRY_WINDOW_MS } from "./retry-policy";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhookBody } from "./signature";
import { postWebhook, systemResolver, type HostResolver } from "./transport";

export interface DeliveryWorkerOptions {
  now: () => Date;
  random: () => number;
  /** Pause before attempt `attempt + 1` after attempt `attempt` failed. */
  retryDelayMs: (attempt: number, random: () => number) => number;
  /** How long after its creation a delivery is retried before it is marked failed. */
  retryWindowMs: number;
  /** How long a claim lasts; longer than a send can take, so a live claim is never taken over. */
  leaseMs: number;
  batchSize: number;
  timeoutMs: number;
  allowPrivate: boolean;
  resolver: HostResolver;
}

function defaultOptions(): DeliveryWorkerOptions {
  return {
    now: () => new Date(),
    random: Math.random,
    retryDelayMs: backoffWithFullJitter,
    retryWindowMs: RETRY_WINDOW_MS,
    leaseMs: 60_000,
    batchSize: 10,
    timeoutMs: 5_000,
    allowPrivate: serverEnv().WARDEN_WEBHOOK_ALLOW_PRIVATE === "1",
    resolver: systemResolver,
  };
}

export interface ClaimedDelivery {
  id: string;
  event: string;
  body: string;
  attempts: number;
  createdAt: Date;
  lockedUntil: string;
  url: string;
  secret: string;
  enabled: boolean;
}

/** Claims up to `limit` due deliveries until `now + leaseMs`, counting the attempt. */
export async function claimDueDeliveries(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const lockedUntil = new Date(now.getTime() + leaseMs).toISOString();
  const { rows } = await pool().query<Omit<ClaimedDelivery, "lockedUntil">>(
    `WITH due AS (
       SELECT "id" FROM "WebhookDelivery"
        WHERE "status" IN ('pending', 'retrying')
          AND "nextAttemptAt" <= $1::timestamptz AT TIME ZONE 'UTC'
          AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamptz AT TIME ZONE 'UTC')
        ORDER BY "nextAttemptAt", "id"
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     )
     UPDATE "WebhookDelivery" d
        SET "lockedUntil" = $2::timestamptz AT TIME ZONE 'UTC', "attempts" = d."attempts" + 1
       FROM due, "Webhook" w
      WHERE d."id" = due."id" AND w."id" = d."webhookId"
     RETURNING d."id", d."event", d."body", d."attempts", d."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
               w."url", w."secret", w."enabled"`,
    [now.toISOString(), lockedUntil, limit],
  );
  return rows.map((row) => ({ ...row, lockedUntil }));
}

type Outcome =
  | { kind: "delivered"; statusCode: number }
  | { kind: "failed_attempt"; statusCode: number | null; error: string; permanent: boolean };

async function attempt(delivery: ClaimedDelivery, options: DeliveryWorkerOptions): Promise<Outcome> {
  if (!delivery.enabled) {
    return { kind: "failed_attempt", statusCode: null, error: "The webhook was disabled before this delivery was sent.", permanent: true };
  }
  const timestamp = Math.floor(options.now().getTime() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Warden-Webhooks/1",
    [EVENT_HEADER]: delivery.event,
    [DELIVERY_HEADER]: delivery.id,
    [SIGNATURE_HEADER]: signWebhookBody(delivery.secret, delivery.body, timestamp),
  };
  try {
    const response = await postWebhook(delivery.url, delivery.body, headers, options);
    if (response.statusCode >= 200 && response.statusCode < 300) return { kind: "delivered", statusCode: response.statusCode };
    const detail =
      response.statusCode >= 300 && response.statusCode < 400
        ? `redirect to ${response.location ?? "(no Location)"} not followed`
        : response.bodySnippet.trim().slice(0, 200);
    const error = `HTTP ${response.statusCode}${response.statusMessage ? ` ${response.statusMessage}` : ""}${detail ? `: ${detail}` : ""}`;
    return { kind: "failed_attempt", statusCode: response.statusCode, error, permanent: false };
  } catch (error) {
    const refused = error instanceof WebhookTargetRefused;
    const message = error instanceof Error ? `${refused ? "Refused: " : ""}${error.message}` : String(error);
    return { kind: "failed_attempt", statusCode: null, error: message.slice(0, 500), permanent: refused };
  }
}

async function recordOutcome(delivery: ClaimedDelivery, outcome: Outcome, options: DeliveryWorkerOptions): Promise<void> {
  const now = options.now();
  let result;
  if (outcome.kind === "delivered") {
    result = await pool().query(
      `UPDATE "WebhookDelivery"
          SET "status" = 'delivered', "deliveredAt" = $3::timestamptz AT TIME ZONE 'UTC', "lastStatusCode" = $4,
              "lastError" = NULL, "lockedUntil" = NULL
        WHERE "id" = $1 AND "lockedUntil" = $2::timestamptz AT TIME ZONE 'UTC'`,
      [delivery.id, delivery.lockedUntil, now.toISOString(), outcome.statusCode],
    );
  } else {
    const deadline = delivery.createdAt.getTime() + options.retryWindowMs;
    const next = Math.min(now.getTime() + options.retryDelayMs(delivery.attempts, options.random), deadline);
    const giveUp = outcome.permanent || now.getTime() >= deadline;
    result = await pool().query(
      `UPDATE "WebhookDelivery"
          SET "status" = $3::"WebhookDeliveryStatus", "nextAttemptAt" = $4::timestamptz AT TIME ZONE 'UTC',
              "lastStatusCode" = $5, "lastError" = $6, "lockedUntil" = NULL
        WHERE "id" = $1 AND "lockedUntil" = $2::timestamptz AT TIME ZONE 'UTC'`,
      [delivery.id, delivery.lockedUntil, giveUp ? "failed" : "retrying", new Date(next).toISOString(), outcome.statusCode, outcome.error],
    );
  }
  if (result.rowCount === 0) {
    // The claim expired and another worker took the row over; its outcome wins.
    log.warn({ deliveryId: delivery.id }, "webhook delivery claim lost before its outcome was recorded");
  }
}

export interface DeliveryWorker {
  /** Claims and sends one batch of due deliveries; returns how many it handled. */
  runOnce(): Promise<number>;
}

export function createWebhookDeliveryWorker(overrides: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
  const options = { ...defaultOptions(), ...overrides };
  return {
    async runOnce() {
      const claimed = await claimDueDeliveries(options.now(), options.leaseMs, options.batchSize);
      await Promise.all(
        claimed.map(async (delivery) => {
          const outcome = await attempt(delivery, options);
          await recordOutcome(delivery, outcome, options);
          if (outcome.kind === "failed_attempt") {
            log.info({ deliveryId: delivery.id, attempt: delivery.attempts, error: outcome.error }, "webhook delivery attempt failed");
          }
        }),
      );
      return claimed.length;
    },
  };
}

/** The background task: drains every due delivery each second (sooner when nudged). */
export function webhookDeliveriesTask(overrides: Partial<DeliveryWorkerOptions> = {}): PeriodicTask {
  let worker: DeliveryWorker | undefined;
  return {
    name: WEBHOOK_DELIVERIES_TASK,
    intervalMs: 1_000,
    async run(signal) {
      worker ??= createWebhookDeliveryWorker(overrides);
      while (!signal.aborted && (await worker.runOnce()) > 0);
    },
  };
}
