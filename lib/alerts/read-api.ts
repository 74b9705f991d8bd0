// GET /api/v1/alerts: alerts for a SIEM to pull with a read-scoped key. snake_case like the
// rest of v1; evidence is given as references (message or event ids), never as text.
import "server-only";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import type { EvidenceRef } from "./evaluators/facts";
import type { ProjectScope } from "./raise";
import { ALERT_STATUSES } from "./rule-types";

export const alertApiQuerySchema = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  /** Alerts last seen at or after `from` and before `to`. */
  from: isoInstant().optional(),
  to: isoInstant().optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function listAlertsForApi(scope: ProjectScope, query: z.output<typeof alertApiQuerySchema>) {
  const cursor = decodeCursor(query.cursor);
  const where: Prisma.AlertWhereInput = {
    organizationId: scope.organizationId,
    projectId: scope.projectId,
    ...(query.status ? { status: query.status } : {}),
    lastSeenAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
    ...(cursor ? { OR: [{ lastSeenAt: { lt: cursor.at } }, { lastSeenAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await db().alert.findMany({
    where,
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { conversation: { select: { externalId: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    alerts: page.map((a) => ({
      id: a.id,
      status: a.status,
      severity: a.severity,
      title: a.title,
      rule: { id: a.ruleId, name: a.ruleName, type: a.ruleType },
      subject: { key: a.subjectKey, agent_id: a.agentName, conversation_id: a.conversation?.externalId ?? null },
      count: a.count,
      measured: a.measured,
      evidence: (Array.isArray(a.evidence) ? (a.evidence as unknown as EvidenceRef[]) : []).map((ref) =>
        ref.type === "message"
          ? { type: "message" as const, id: ref.id, conversation_id: a.conversation?.externalId ?? null, seq: ref.seq, sender: ref.sender, at: ref.at }
          : { type: "event" as const, id: ref.id, agent_id: ref.agent, verdict: ref.verdict, conversation_id: ref.conversationRef, at: ref.at },
      ),
      first_seen_at: a.firstSeenAt.toISOString(),
      last_seen_at: a.lastSeenAt.toISOString(),
      acknowledged_at: iso(a.acknowledgedAt),
      acknowledged_by: a.acknowledgedBy,
      acknowledge_note: a.acknowledgeNote,
      resolved_at: iso(a.resolvedAt),
      resolved_by: a.resolvedBy,
      resolve_note: a.resolveNote,
      created_at: a.createdAt.toISOString(),
    })),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.lastSeenAt, last.id) : null,
  };
}
