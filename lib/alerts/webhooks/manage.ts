// Webhooks of a project: created with a secret shown once, listed without it,
// updated, rotated and deleted by admins; every change audit-logged in its transaction.
import "server-only";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { serverEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { assertWebhookUrlAllowed, WebhookTargetRefused } from "./address-policy";
import { generateWebhookSecret, webhookSecretPrefix } from "./secret";

export interface ProjectScope {
  organizationId: string;
  projectId: string;
}

const webhookUrl = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(2048, "must be at most 2048 characters")
  .superRefine((value, ctx) => {
    try {
      assertWebhookUrlAllowed(value, { allowPrivate: serverEnv().WARDEN_WEBHOOK_ALLOW_PRIVATE === "1" });
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
    }
  });
const ruleId = z.string().trim().min(1).max(100).nullable();

const webhookFields = z.object({ url: webhookUrl, ruleId, enabled: z.boolean() });

export const createWebhookSchema = webhookFields.extend({
  ruleId: ruleId.optional().transform((value) => value ?? null),
  enabled: z.boolean().optional().transform((value) => value ?? true),
});
export const updateWebhookSchema = webhookFields
  .partial()
  .refine((input) => Object.keys(input).length > 0, "send at least one of url, ruleId, enabled");
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

const webhookSelect = {
  id: true,
  url: true,
  ruleId: true,
  enabled: true,
  secret: true,
  createdAt: true,
  updatedAt: true,
  rule: { select: { id: true, name: true } },
} as const satisfies Prisma.WebhookSelect;
type WebhookRow = Prisma.WebhookGetPayload<{ select: typeof webhookSelect }>;

/** The public view of a webhook: the secret only as a prefix. */
function webhookOutput(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    ruleId: row.ruleId,
    rule: row.rule,
    enabled: row.enabled,
    secretPrefix: webhookSecretPrefix(row.secret),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type WebhookOutput = ReturnType<typeof webhookOutput>;

/**
 * A webhook URL as a read-only member sees it: the origin only, because the path or
 * query of some receivers' URLs (Slack, Teams) is itself a credential.
 */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === "/" && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
}

/** The origin of a URL, for audit entries: a path or query may itself be a credential (Slack-style URLs). */
function urlOrigin(url: string): string {
  return new URL(url).origin;
}

type Tx = Prisma.TransactionClient;

async function assertRuleInProject(tx: Tx, scope: ProjectScope, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const rule = await tx.alertRule.findFirst({ where: { id, ...scope }, select: { id: true } });
  if (!rule) throw new ApiError("validation_failed", "ruleId: no such rule in this project", { field: "ruleId" });
}

async function findWebhookOrThrow(tx: Tx, scope: ProjectScope, id: string): Promise<WebhookRow> {
  const found = await tx.webhook.findFirst({ where: { id, ...scope }, select: webhookSelect });
  if (!found) throw new ApiError("not_found", "No such webhook in this project.");
  return found;
}

export async function listWebhooks(scope: ProjectScope, options: { ruleId?: string; fullUrls: boolean }) {
  const rows = await db().webhook.findMany({
    where: { ...scope, ...(options.ruleId ? { ruleId: options.ruleId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: webhookSelect,
  });
  // The latest delivery of each webhook, one index probe per webhook.
  const latest = rows.length
    ? await db().$queryRawUnsafe<Array<{ webhookId: string; status: string; createdAt: Date; lastError: string | null }>>(
        `SELECT w.id AS "webhookId", d."status", d."createdAt", d."lastError"
           FROM unnest($3::text[]) AS w(id)
           CROSS JOIN LATERAL (
             SELECT "status"::text AS "status", "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "lastError"
               FROM "WebhookDelivery"
              WHERE "webhookId" = w.id AND "organizationId" = $1 AND "projectId" = $2
              ORDER BY "createdAt" DESC
              LIMIT 1
           ) d`,
        scope.organizationId,
        scope.projectId,
        rows.map((row) => row.id),
      )
    : [];
  const byWebhook = new Map(latest.map((delivery) => [delivery.webhookId, delivery]));
  return rows.map((row) => {
    const last = byWebhook.get(row.id);
    const output = webhookOutput(row);
    return {
      ...output,
      url: options.fullUrls ? output.url : maskWebhookUrl(output.url),
      lastDelivery: last ? { status: last.status, createdAt: new Date(last.createdAt), lastError: last.lastError } : null,
    };
  });
}

export async function getWebhook(scope: ProjectScope, id: string): Promise<WebhookOutput> {
  const found = await db().webhook.findFirst({ where: { id, ...scope }, select: webhookSelect });
  if (!found) throw new ApiError("not_found", "No such webhook in this project.");
  return webhookOutput(found);
}

export async function createWebhook(scope: ProjectScope, input: CreateWebhookInput, actor: Actor, sourceIp: string | null) {
  const secret = generateWebhookSecret();
  const webhook = await db().$transaction(async (tx) => {
    await assertRuleInProject(tx, scope, input.ruleId);
    const created = await tx.webhook.create({
      data: {
        ...scope,
        url: input.url,
        ruleId: input.ruleId,
        enabled: input.enabled,
        secret,
        createdById: actor.type === "user" ? actor.id : null,
      },
      select: webhookSelect,
    });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "webhook.created",
      targetType: "webhook",
      targetId: created.id,
      metadata: { origin: urlOrigin(created.url), ruleId: created.ruleId, enabled: created.enabled, secretPrefix: webhookSecretPrefix(secret) },
      sourceIp,
    });
    return webhookOutput(created);
  });
  return { webhook, secret };
}

export async function updateWebhook(scope: ProjectScope, id: string, input: UpdateWebhookInput, actor: Actor, sourceIp: string | null) {
  return db().$transaction(async (tx) => {
    const before = await findWebhookOrThrow(tx, scope, id);
    await assertRuleInProject(tx, scope, input.ruleId);
    const updated = await tx.webhook.update({
      where: { id: before.id },
      data: {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
      select: webhookSelect,
    });
    const changes: Prisma.InputJsonObject = {
      ...(input.url !== undefined && input.url !== before.url ? { origin: { from: urlOrigin(before.url), to: urlOrigin(updated.url) } } : {}),
      ...(input.ruleId !== undefined && input.ruleId !== before.ruleId ? { ruleId: { from: before.ruleId, to: updated.ruleId } } : {}),
      ...(input.enabled !== undefined && input.enabled !== before.enabled ? { enabled: { from: before.enabled, to: updated.enabled } } : {}),
    };
    await recordAudit(tx, { ...scope, actor, action: "webhook.updated", targetType: "webhook", targetId: id, metadata: changes, sourceIp });
    return webhookOutput(updated);
  });
}

/** Replaces the signing secret at once: deliveries sent from now on (retries included) use the new one. */
export async function rotateWebhookSecret(scope: ProjectScope, id: string, actor: Actor, sourceIp: string | null) {
  const secret = generateWebhookSecret();
  const webhook = await db().$transaction(async (tx) => {
    const before = await findWebhookOrThrow(tx, scope, id);
    const updated = await tx.webhook.update({ where: { id: before.id }, data: { secret }, select: webhookSelect });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "webhook.secret_rotated",
      targetType: "webhook",
      targetId: id,
      metadata: { from: webhookSecretPrefix(before.secret), to: webhookSecretPrefix(secret) },
      sourceIp,
    });
    return webhookOutput(updated);
  });
  return { webhook, secret };
}

/** Deletes the webhook and, with it, its queued and past deliveries. */
export async function deleteWebhook(scope: ProjectScope, id: string, actor: Actor, sourceIp: string | null) {
  return db().$transaction(async (tx) => {
    const before = await findWebhookOrThrow(tx, scope, id);
    await tx.webhook.deleteMany({ where: { id: before.id, ...scope } });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: id,
      metadata: { origin: urlOrigin(before.url), ruleId: before.ruleId },
      sourceIp,
    });
    return { id };
  });
}
