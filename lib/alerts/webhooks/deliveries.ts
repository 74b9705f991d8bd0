// Reads of the delivery outbox for the dashboard: the deliveries of an alert or of a
// webhook, newest first, keyset-paginated, always within one project.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ApiError } from "@/lib/http/errors";
import { maskWebhookUrl, type ProjectScope } from "./manage";

export const deliveryQuerySchema = z.object({
  alertId: z.string().min(1).max(100).optional(),
  webhookId: z.string().min(1).max(100).optional(),
  status: z.enum(["pending", "retrying", "delivered", "failed"]).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;

const deliverySelect = {
  id: true,
  webhookId: true,
  alertId: true,
  event: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  lastStatusCode: true,
  deliveredAt: true,
  createdAt: true,
  webhook: { select: { url: true, ruleId: true } },
} as const satisfies Prisma.WebhookDeliverySelect;
type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliverySelect }>;

function deliveryOutput(row: DeliveryRow, fullUrls: boolean) {
  return {
    id: row.id,
    webhookId: row.webhookId,
    webhookUrl: fullUrls ? row.webhook.url : maskWebhookUrl(row.webhook.url),
    alertId: row.alertId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    // Only meaningful while the delivery is still going to be tried.
    nextAttemptAt: row.status === "pending" || row.status === "retrying" ? row.nextAttemptAt : null,
    lastError: row.lastError,
    lastStatusCode: row.lastStatusCode,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
  };
}

/** Deliveries of the project matching the query; an alert or webhook of another project answers 404. */
export async function listDeliveries(scope: ProjectScope, query: DeliveryQuery, options: { fullUrls: boolean }) {
  if (query.alertId) {
    const alert = await db().alert.findFirst({ where: { id: query.alertId, ...scope }, select: { id: true } });
    if (!alert) throw new ApiError("not_found", "No such alert in this project.");
  }
  if (query.webhookId) {
    const webhook = await db().webhook.findFirst({ where: { id: query.webhookId, ...scope }, select: { id: true } });
    if (!webhook) throw new ApiError("not_found", "No such webhook in this project.");
  }
  const cursor = decodeCursor(query.cursor);
  const rows = await db().webhookDelivery.findMany({
    where: {
      ...scope,
      ...(query.alertId ? { alertId: query.alertId } : {}),
      ...(query.webhookId ? { webhookId: query.webhookId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: deliverySelect,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    deliveries: page.map((row) => deliveryOutput(row, options.fullUrls)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
