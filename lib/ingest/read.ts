// Reads of ingested data for the read-scoped API: always within one project, keyset-paginated.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { CATEGORIES, DIRECTIONS } from "@/lib/detection/types";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ApiError, validationError } from "@/lib/http/errors";
import type { ProjectScope } from "./record-event";

const limit = z.coerce.number().int().min(1).max(500).default(100);

export const eventQuerySchema = z.object({
  agent_id: z.string().max(200).optional(),
  verdict: z.enum(["allowed", "flagged", "blocked"]).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  category: z.enum(CATEGORIES).optional(),
  conversation_id: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(400).optional(),
  limit,
});

export function parseQuery<S extends z.ZodType>(schema: S, url: string): z.output<S> {
  const params = Object.fromEntries(new URL(url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export async function listEvents(scope: ProjectScope, query: z.output<typeof eventQuerySchema>) {
  const cursor = decodeCursor(query.cursor);
  const where: Prisma.ScanEventWhereInput = {
    projectId: scope.projectId,
    organizationId: scope.organizationId,
    ...(query.agent_id ? { agent: { name: query.agent_id } } : {}),
    ...(query.verdict ? { verdict: query.verdict } : {}),
    ...(query.direction ? { direction: query.direction } : {}),
    ...(query.category ? { categories: { has: query.category } } : {}),
    ...(query.conversation_id ? { conversationRef: query.conversation_id } : {}),
    occurredAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
    ...(cursor ? { OR: [{ occurredAt: { lt: cursor.at } }, { occurredAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await db().scanEvent.findMany({
    where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { agent: { select: { name: true } }, message: { select: { seq: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map((e) => ({
      id: e.id,
      client_id: e.clientEventId,
      source: e.source,
      agent_id: e.agent.name,
      direction: e.direction,
      verdict: e.verdict,
      risk_score: e.riskScore,
      categories: e.categories,
      findings: e.findings,
      text: e.text,
      text_storage: e.textStorage,
      text_length: e.textLength,
      text_sha256: e.textSha256,
      conversation_id: e.conversationRef,
      message_seq: e.message?.seq ?? null,
      to_agent: e.toAgent,
      occurred_at: e.occurredAt.toISOString(),
    })),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}

export const conversationQuerySchema = z.object({ cursor: z.string().max(400).optional(), limit });

export async function listConversations(scope: ProjectScope, query: z.output<typeof conversationQuerySchema>) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db().conversation.findMany({
    where: {
      projectId: scope.projectId,
      organizationId: scope.organizationId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    conversations: page.map((c) => ({
      conversation_id: c.externalId,
      framework: c.framework,
      participants: c.participants,
      messages: c.messageCount,
      flagged: c.flaggedCount,
      blocked: c.blockedCount,
      status: c.status,
      started_at: c.startedAt?.toISOString() ?? null,
      last_message_at: c.lastMessageAt?.toISOString() ?? null,
    })),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function getConversation(scope: ProjectScope, externalId: string) {
  const conversation = await db().conversation.findFirst({
    where: { projectId: scope.projectId, organizationId: scope.organizationId, externalId },
  });
  if (!conversation) throw new ApiError("not_found", "No such conversation in this project.");
  const messages = await db().message.findMany({
    where: { conversationId: conversation.id, projectId: scope.projectId },
    orderBy: { seq: "asc" },
    include: { scanEvent: { select: { verdict: true, riskScore: true, findings: true } } },
  });
  return {
    conversation_id: conversation.externalId,
    framework: conversation.framework,
    participants: conversation.participants,
    status: conversation.status,
    last_chain_hash: conversation.lastChainHash,
    messages: messages.map((m) => ({
      seq: m.seq,
      sender: m.sender,
      recipients: m.recipients,
      recipients_explicit: m.recipientsExplicit,
      reply_to: m.replyTo,
      kind: m.kind,
      content: m.content,
      tool_name: m.toolName,
      tool_arguments: m.toolArguments,
      tool_call_id: m.toolCallId,
      sent_at: m.sentAt.toISOString(),
      content_hash: m.contentHash,
      chain_hash: m.chainHash,
      verdict: m.scanEvent?.verdict ?? null,
      findings: m.scanEvent?.findings ?? [],
    })),
  };
}
