// The alert feed and one alert: tenant-scoped reads, and acknowledge / resolve with a note,
// audit-logged and announced to webhooks in the same transaction.
import "server-only";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, pool } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { prismaSql } from "@/lib/db/sql";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ApiError } from "@/lib/http/errors";
import type { EvidenceRef } from "./evaluators/facts";
import type { ProjectScope } from "./raise";
import { ALERT_SEVERITIES, ALERT_STATUSES, RULE_TYPES } from "./rule-types";
import { enqueueAlertWebhooks, nudgeWebhookDeliveries } from "./webhooks/enqueue";

export const alertFeedQuerySchema = z.object({
  status: z.enum(ALERT_STATUSES).default("open"),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  rule_type: z.enum(RULE_TYPES).optional(),
  agent: z.string().trim().min(1).max(256).optional(),
  from: isoInstant().optional(),
  to: isoInstant().optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertFeedQuery = z.output<typeof alertFeedQuerySchema>;

const SUMMARY_FIELDS = {
  id: true,
  ruleId: true,
  ruleName: true,
  ruleType: true,
  severity: true,
  status: true,
  subjectKey: true,
  agentName: true,
  conversationId: true,
  title: true,
  count: true,
  measured: true,
  firstSeenAt: true,
  lastSeenAt: true,
  acknowledgedAt: true,
  resolvedAt: true,
  createdAt: true,
} as const;
type AlertSummaryRow = Prisma.AlertGetPayload<{ select: typeof SUMMARY_FIELDS }>;

function summary(row: AlertSummaryRow) {
  return {
    ...row,
    measured: row.measured as Record<string, number | string>,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type AlertSummary = ReturnType<typeof summary>;

/** Newest first by last-seen time, keyset-paginated; the (projectId, status, lastSeenAt) index serves it. */
export async function listAlerts(scope: ProjectScope, query: AlertFeedQuery): Promise<{ alerts: AlertSummary[]; nextCursor: string | null; counts: Record<string, number> }> {
  const cursor = decodeCursor(query.cursor);
  const where: Prisma.AlertWhereInput = {
    organizationId: scope.organizationId,
    projectId: scope.projectId,
    status: query.status,
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.rule_type ? { ruleType: query.rule_type } : {}),
    ...(query.agent ? { agentName: query.agent } : {}),
    lastSeenAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
    ...(cursor ? { OR: [{ lastSeenAt: { lt: cursor.at } }, { lastSeenAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const [rows, grouped] = await Promise.all([
    db().alert.findMany({ where, orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }], take: query.limit + 1, select: SUMMARY_FIELDS }),
    db().alert.groupBy({ by: ["status"], where: { organizationId: scope.organizationId, projectId: scope.projectId }, _count: { _all: true } }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const counts = Object.fromEntries(ALERT_STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?._count._all ?? 0]));
  return { alerts: page.map(summary), nextCursor: rows.length > query.limit && last ? encodeCursor(last.lastSeenAt, last.id) : null, counts };
}

/** Open or acknowledged alerts last seen within the range: the Overview's "open alerts" tile. */
export function countUnresolvedAlerts(scope: ProjectScope, range: { from: Date; to: Date }): Promise<number> {
  return db().alert.count({
    where: { organizationId: scope.organizationId, projectId: scope.projectId, status: { in: ["open", "acknowledged"] }, lastSeenAt: { gte: range.from, lt: range.to } },
  });
}

/** The Overview's "recent alerts": the newest unresolved alerts last seen within the range. */
export function recentUnresolvedAlerts(scope: ProjectScope, range: { from: Date; to: Date }, limit: number) {
  return db().alert.findMany({
    where: { organizationId: scope.organizationId, projectId: scope.projectId, status: { in: ["open", "acknowledged"] }, lastSeenAt: { gte: range.from, lt: range.to } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, title: true, severity: true, status: true, count: true, lastSeenAt: true },
  });
}

/** The agents that have alerts, for the feed's agent filter. */
export async function alertAgents(scope: ProjectScope): Promise<string[]> {
  const rows = await db().alert.findMany({
    where: { organizationId: scope.organizationId, projectId: scope.projectId, agentName: { not: null } },
    distinct: ["agentName"],
    select: { agentName: true },
    orderBy: { agentName: "asc" },
    take: 500,
  });
  return rows.map((r) => r.agentName!).filter(Boolean);
}

const PREVIEW_CHARS = 600;

export interface EvidenceItem {
  ref: EvidenceRef;
  /** For messages: the conversation's external id and the start of the text; for events: the stored text's start. */
  conversationExternalId: string | null;
  conversationId: string | null;
  preview: string | null;
  kind: string | null;
  categories: string[];
}

async function evidenceDetails(scope: ProjectScope, refs: EvidenceRef[]): Promise<EvidenceItem[]> {
  const messageIds = refs.flatMap((r) => (r.type === "message" ? [r.id] : []));
  const eventIds = refs.flatMap((r) => (r.type === "event" ? [r.id] : []));
  const [messages, events] = await Promise.all([
    // A message may be a megabyte and an alert cites up to 50: only the preview leaves the database.
    messageIds.length
      ? pool()
          .query<{ id: string; preview: string; kind: string; conversationId: string; externalId: string; categories: string[] | null }>(
            `SELECT m."id", left(m."content", $4) AS "preview", m."kind"::text AS "kind", c."id" AS "conversationId", c."externalId", e."categories"::text[] AS "categories"
             FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
             WHERE m."id" = ANY($1::text[]) AND m."organizationId" = $2 AND m."projectId" = $3`,
            [messageIds, scope.organizationId, scope.projectId, PREVIEW_CHARS],
          )
          .then((r) => r.rows)
      : [],
    eventIds.length
      ? db().scanEvent.findMany({
          where: { id: { in: eventIds }, organizationId: scope.organizationId, projectId: scope.projectId },
          select: { id: true, text: true, categories: true, conversationRef: true, message: { select: { conversationId: true } } },
        })
      : [],
  ]);
  const messageById = new Map(messages.map((m) => [m.id, m]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  return refs.map((ref): EvidenceItem => {
    if (ref.type === "message") {
      const m = messageById.get(ref.id);
      return {
        ref,
        conversationId: m?.conversationId ?? ref.conversationId,
        conversationExternalId: m?.externalId ?? null,
        preview: m ? m.preview.slice(0, PREVIEW_CHARS) : null,
        kind: m?.kind ?? null,
        categories: m?.categories ?? [],
      };
    }
    const e = eventById.get(ref.id);
    return {
      ref,
      conversationId: e?.message?.conversationId ?? null,
      conversationExternalId: e?.conversationRef ?? ref.conversationRef,
      preview: e?.text?.slice(0, PREVIEW_CHARS) ?? null,
      kind: null,
      categories: e?.categories ?? [],
    };
  });
}

export async function getAlert(scope: ProjectScope, alertId: string) {
  const row = await db().alert.findFirst({
    where: { id: alertId, organizationId: scope.organizationId, projectId: scope.projectId },
    select: {
      ...SUMMARY_FIELDS,
      evidence: true,
      acknowledgedBy: true,
      acknowledgeNote: true,
      resolvedBy: true,
      resolveNote: true,
      conversation: { select: { externalId: true } },
      rule: { select: { id: true, params: true, enabled: true, agentPattern: true } },
    },
  });
  if (!row) throw new ApiError("not_found", "No such alert in this project.");
  const deliveries = await db().webhookDelivery.findMany({
    where: { alertId: row.id, organizationId: scope.organizationId, projectId: scope.projectId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastError: true,
      lastStatusCode: true,
      nextAttemptAt: true,
      deliveredAt: true,
      createdAt: true,
      webhook: { select: { url: true } },
    },
  });
  const refs = Array.isArray(row.evidence) ? (row.evidence as unknown as EvidenceRef[]) : [];
  return {
    alert: {
      ...summary(row),
      conversationExternalId: row.conversation?.externalId ?? null,
      acknowledgedBy: row.acknowledgedBy,
      acknowledgeNote: row.acknowledgeNote,
      resolvedBy: row.resolvedBy,
      resolveNote: row.resolveNote,
      rule: row.rule,
    },
    evidence: await evidenceDetails(scope, refs),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      lastStatusCode: d.lastStatusCode,
      url: d.webhook.url,
      nextAttemptAt: d.nextAttemptAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}
export type AlertDetail = Awaited<ReturnType<typeof getAlert>>;

export const alertNoteSchema = z.object({ note: z.string().trim().max(2_000, "must be at most 2,000 characters").default("") });

type Transition = "acknowledge" | "resolve";
const FROM: Record<Transition, ("open" | "acknowledged")[]> = { acknowledge: ["open"], resolve: ["open", "acknowledged"] };

/** Acknowledges (from open) or resolves (from open or acknowledged) an alert with a note. */
export async function changeAlertStatus(scope: ProjectScope, alertId: string, transition: Transition, note: string, actor: Actor, sourceIp: string | null) {
  const result = await db().$transaction(async (tx) => {
    const where = { id: alertId, organizationId: scope.organizationId, projectId: scope.projectId };
    const now = new Date();
    const who = actor.label;
    const data: Prisma.AlertUpdateManyMutationInput =
      transition === "acknowledge"
        ? { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: who, acknowledgeNote: note || null }
        : // Resolving frees the deduplication key: the next match opens a new alert.
          { status: "resolved", resolvedAt: now, resolvedBy: who, resolveNote: note || null, dedupKey: null };
    const { count } = await tx.alert.updateMany({ where: { ...where, status: { in: FROM[transition] } }, data });
    const alert = await tx.alert.findFirst({ where, select: { id: true, ruleId: true, status: true, title: true } });
    if (!alert) throw new ApiError("not_found", "No such alert in this project.");
    if (count === 0) throw new ApiError("conflict", `This alert is ${alert.status}; it cannot be ${transition === "acknowledge" ? "acknowledged" : "resolved"} again.`);
    await recordAudit(tx, {
      ...scope,
      actor,
      action: transition === "acknowledge" ? "alert.acknowledged" : "alert.resolved",
      targetType: "alert",
      targetId: alert.id,
      metadata: { title: alert.title, note },
      sourceIp,
    });
    const queued = await enqueueAlertWebhooks(
      prismaSql(tx),
      { id: alert.id, organizationId: scope.organizationId, projectId: scope.projectId, ruleId: alert.ruleId },
      transition === "acknowledge" ? "alert.acknowledged" : "alert.resolved",
    );
    return { id: alert.id, status: alert.status, queued };
  });
  if (result.queued > 0) nudgeWebhookDeliveries();
  return { id: result.id, status: result.status };
}
