// Session-side reads of conversations for the dashboard: the list (newest activity first,
// keyset-paged, filterable by risk) and one conversation with its ordered messages and the
// findings of each message's scan. Always within one project of one organization; another
// tenant's conversation id answers 404 exactly like an id that does not exist.
import "server-only";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { db, pool } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Finding } from "@/lib/detection/types";
import { ApiError } from "@/lib/http/errors";
import type { MessageKind } from "@/lib/ingest/canonical";
import { participantHeads } from "@/lib/ingest/read";
import type { ProjectScope } from "@/lib/ingest/record-event";
import { parseQuery } from "@/lib/http/query";

/** Messages of one conversation sent to the dashboard at most; the graph and transcript say when more exist. */
export const MAX_DETAIL_MESSAGES = 2_000;
/** Characters of one message's content sent to the dashboard; longer texts are cut and say so. */
export const MAX_DETAIL_CONTENT_CHARS = 20_000;

export const conversationListQuerySchema = z.object({
  /** any: every conversation; risky: at least one flagged or blocked message; blocked: at least one blocked. */
  risk: z.enum(["any", "risky", "blocked"]).default("any"),
  /** Part of the client's conversation id, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ConversationListQuery = z.output<typeof conversationListQuerySchema>;

export function parseConversationListQuery(url: string): ConversationListQuery {
  return parseQuery(conversationListQuerySchema, url);
}

// Keyset on (lastMessageAt DESC NULLS LAST, id DESC), the order of the
// (projectId, lastMessageAt) index. lastMessageAt is null for a conversation that has no
// message yet, so the cursor carries a nullable time (lib/http/cursor's requires one).
const cursorSchema = z.object({ t: isoInstant({ offset: false }).nullable(), id: z.string().min(1).max(100) });
type ListCursor = z.output<typeof cursorSchema>;

function encodeListCursor(at: Date | null, id: string): string {
  return Buffer.from(JSON.stringify({ t: at?.toISOString() ?? null, id } satisfies ListCursor)).toString("base64url");
}

function decodeListCursor(value: string | undefined): ListCursor | null {
  if (!value) return null;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw new ApiError("validation_failed", "cursor: not a cursor this API returned", { field: "cursor" });
  }
}

/** After a cursor among the conversations with a last message (the redundant bound lets the index start there). */
function afterTimedCursor(at: Date, id: string): Prisma.ConversationWhereInput {
  return { lastMessageAt: { lte: at }, OR: [{ lastMessageAt: { lt: at } }, { id: { lt: id } }] };
}

export interface ConversationListItem {
  id: string;
  externalId: string;
  framework: string;
  /** In the list, the first LISTED_PARTICIPANTS; participantCount counts them all. */
  participants: string[];
  participantCount: number;
  messages: number;
  flagged: number;
  blocked: number;
  status: "active" | "ended";
  startedAt: string | null;
  lastMessageAt: string | null;
}

export interface ConversationList {
  conversations: ConversationListItem[];
  nextCursor: string | null;
}

interface ConversationRow {
  id: string;
  externalId: string;
  framework: string;
  participants: string[];
  messageCount: number;
  flaggedCount: number;
  blockedCount: number;
  status: "active" | "ended";
  startedAt: Date | null;
  lastMessageAt: Date | null;
}

/** What the list and the conversation page show of a conversation. */
export function conversationSummary(c: ConversationRow): ConversationListItem {
  return {
    id: c.id,
    externalId: c.externalId,
    framework: c.framework,
    participants: c.participants,
    participantCount: c.participants.length,
    messages: c.messageCount,
    flagged: c.flaggedCount,
    blocked: c.blockedCount,
    status: c.status,
    startedAt: c.startedAt?.toISOString() ?? null,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
  };
}

/**
 * `range`, when given, keeps the conversations whose activity overlaps it (a message at or
 * after `from`, the first before `to`), the ones the time-range picker means.
 */
export async function listProjectConversations(scope: ProjectScope, query: ConversationListQuery, range?: { from: Date; to: Date }): Promise<ConversationList> {
  const cursor = decodeListCursor(query.cursor);
  const filters: Prisma.ConversationWhereInput[] = [
    { projectId: scope.projectId, organizationId: scope.organizationId },
    query.risk === "risky" ? { OR: [{ flaggedCount: { gt: 0 } }, { blockedCount: { gt: 0 } }] } : {},
    query.risk === "blocked" ? { blockedCount: { gt: 0 } } : {},
    query.q ? { externalId: { contains: query.q, mode: "insensitive" } } : {},
    range ? { lastMessageAt: { gte: range.from }, startedAt: { lt: range.to } } : {},
  ];
  const select = { id: true, externalId: true, framework: true, messageCount: true, flaggedCount: true, blockedCount: true, status: true, startedAt: true, lastMessageAt: true };
  // Newest activity first, conversations without a message last: read as two lists, each in the
  // order of an index. One ORDER BY ... DESC NULLS LAST matches no index, so PostgreSQL sorted
  // every conversation of the range for each page (0.1 s for 200,000).
  const timed =
    cursor?.t === null
      ? []
      : await db().conversation.findMany({
          where: { AND: [...filters, { lastMessageAt: { not: null } }, cursor ? afterTimedCursor(new Date(cursor.t), cursor.id) : {}] },
          orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
          take: query.limit + 1,
          select,
        });
  // A range only holds conversations with a last message.
  const rows =
    timed.length > query.limit || range
      ? timed
      : [
          ...timed,
          ...(await db().conversation.findMany({
            where: { AND: [...filters, { lastMessageAt: null }, cursor?.t === null ? { id: { lt: cursor.id } } : {}] },
            orderBy: { id: "desc" },
            take: query.limit + 1 - timed.length,
            select,
          })),
        ];
  const page = rows.slice(0, query.limit);
  const heads = await participantHeads(scope.projectId, page.map((c) => c.id));
  const last = page.at(-1);
  return {
    conversations: page.map((c) => {
      const head = heads.get(c.id);
      return { ...conversationSummary({ ...c, participants: head?.participants ?? [] }), participantCount: head?.count ?? 0 };
    }),
    nextCursor: rows.length > query.limit && last ? encodeListCursor(last.lastMessageAt, last.id) : null,
  };
}

export type MessageFinding = Pick<Finding, "category" | "rule" | "severity" | "score" | "span" | "explanation">;

export interface ConversationMessage {
  seq: number;
  sender: string;
  recipients: string[];
  recipientsExplicit: boolean;
  kind: MessageKind;
  /** At most MAX_DETAIL_CONTENT_CHARS characters; contentLength says how long it is. */
  content: string;
  contentLength: number;
  toolName: string | null;
  toolArguments: string | null;
  sentAt: string;
  /** null: the message was not scanned. */
  verdict: "allowed" | "flagged" | "blocked" | null;
  riskScore: number | null;
  categories: string[];
  findings: MessageFinding[];
}

export interface ConversationDetail {
  conversation: ConversationListItem;
  messages: ConversationMessage[];
  /** More messages are stored than were sent (MAX_DETAIL_MESSAGES). */
  messagesTruncated: boolean;
}

// Stored findings are the engine's own JSON; read them defensively all the same, so one odd
// row shows without evidence marks instead of breaking the page.
const findingSchema = z.object({
  category: z.string(),
  rule: z.string(),
  severity: z.string(),
  score: z.number(),
  span: z.object({ start: z.number().int(), end: z.number().int() }),
  explanation: z.string(),
});

function readFindings(value: unknown): MessageFinding[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = findingSchema.safeParse(item);
    return parsed.success ? [parsed.data as MessageFinding] : [];
  });
}

/** A row of DETAIL_MESSAGES: `content` and `toolArguments` hold their first $4 characters (code points, so at least as many UTF-16 units). */
type DetailRow = Omit<ConversationMessage, "contentLength" | "sentAt" | "categories" | "findings"> & {
  contentChars: number;
  sentAt: Date;
  categories: string[] | null;
  findings: unknown;
};

const DETAIL_MESSAGES = `
  SELECT m."seq", m."sender", m."recipients", m."recipientsExplicit", m."kind"::text AS "kind",
         left(m."content", $4) AS "content", length(m."content") AS "contentChars",
         m."toolName", left(m."toolArguments", $4) AS "toolArguments", m."sentAt" AT TIME ZONE 'UTC' AS "sentAt",
         e."verdict"::text AS "verdict", e."riskScore", e."categories"::text[] AS "categories", e."findings"
  FROM "Message" m LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
  WHERE m."conversationId" = $1 AND m."projectId" = $2 AND m."organizationId" = $3
  ORDER BY m."seq"
  LIMIT $5`;

/** One conversation of the project by its Warden id, with its messages in order; 404 for any other. */
export async function getProjectConversation(scope: ProjectScope, conversationId: string): Promise<ConversationDetail> {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, projectId: scope.projectId, organizationId: scope.organizationId },
  });
  if (!c) throw new ApiError("not_found", "No such conversation in this project.");
  // Contents are cut in the database: a stored message may be a megabyte, and loading whole
  // ones to keep their first 20,000 characters put up to 2,000 of them in the server's memory.
  const { rows } = await pool().query<DetailRow>(DETAIL_MESSAGES, [c.id, scope.projectId, scope.organizationId, MAX_DETAIL_CONTENT_CHARS, MAX_DETAIL_MESSAGES + 1]);
  const messages = rows.slice(0, MAX_DETAIL_MESSAGES).map(
    (m): ConversationMessage => ({
      seq: m.seq,
      sender: m.sender,
      recipients: m.recipients,
      recipientsExplicit: m.recipientsExplicit,
      kind: m.kind,
      content: m.content.slice(0, MAX_DETAIL_CONTENT_CHARS),
      // In UTF-16 units, as the content is, when the database sent it whole; otherwise its characters.
      contentLength: m.contentChars > MAX_DETAIL_CONTENT_CHARS ? m.contentChars : m.content.length,
      toolName: m.toolName,
      toolArguments: m.toolArguments?.slice(0, MAX_DETAIL_CONTENT_CHARS) ?? null,
      sentAt: m.sentAt.toISOString(),
      verdict: m.verdict,
      riskScore: m.riskScore,
      categories: m.categories ?? [],
      findings: readFindings(m.findings),
    }),
  );
  return {
    conversation: conversationSummary(c),
    messages,
    messagesTruncated: rows.length > MAX_DETAIL_MESSAGES,
  };
}
