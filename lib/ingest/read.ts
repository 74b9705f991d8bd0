// Reads of ingested data for the read-scoped API: always within one project, keyset-paginated.
import "server-only";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { MAX_STORABLE_INTEGER } from "@/lib/http/storable";
import { db, pool } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { maskRuns } from "@/lib/detection/mask";
import { CATEGORIES, DIRECTIONS, SEVERITIES, type Span } from "@/lib/detection/types";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ApiError } from "@/lib/http/errors";
import { serverEnv } from "@/lib/env";
import { HOUR_MS, utcWall } from "@/lib/dashboard/rollup-plan";
import type { ProjectScope } from "./record-event";

const limit = z.coerce.number().int().min(1).max(500).default(100);

export const eventQuerySchema = z.object({
  agent_id: z.string().max(200).optional(),
  verdict: z.enum(["allowed", "flagged", "blocked"]).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  category: z.enum(CATEGORIES).optional(),
  conversation_id: z.string().max(200).optional(),
  from: isoInstant().optional(),
  to: isoInstant().optional(),
  /** Case-insensitive substring of the stored text (masked text where masking is on). */
  q: z
    .string()
    .max(200)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  cursor: z.string().max(400).optional(),
  limit,
});

/** Makes `%`, `_` and `\` literal in a LIKE/ILIKE pattern: Prisma's `contains` passes them through as wildcards. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}


const EVENT_INCLUDE = { agent: { select: { name: true } }, message: { select: { seq: true } } } as const;
type EventRow = Prisma.ScanEventGetPayload<{ include: typeof EVENT_INCLUDE }>;

function eventOutput(e: EventRow) {
  return {
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
  };
}

/** How many of the rows, in order, fit in `maxBytes` (always at least one, when there is one). */
function fittingRows(bytes: readonly number[], maxBytes: number): number {
  let taken = 0;
  let total = 0;
  while (taken < bytes.length && (taken === 0 || total + bytes[taken]! <= maxBytes)) total += bytes[taken++]!;
  return taken;
}

/** Stored bytes of text and findings one page of events carries at most (one event always goes). */
export const MAX_EVENT_PAGE_BYTES = 8_000_000;

/**
 * The filter of an events query, or null when it names an agent the project does not have (no
 * event can match). The agent's id is looked up first: filtered through the relation, by name,
 * PostgreSQL could not read the (projectId, agentId, verdict, occurredAt) index in order, and
 * sorted every match instead (one busy agent's flagged events over 30 days: 57,000 rows, 0.36 s,
 * for a page of 50).
 */
async function eventWhere(scope: ProjectScope, query: z.output<typeof eventQuerySchema>): Promise<Prisma.ScanEventWhereInput | null> {
  const cursor = decodeCursor(query.cursor);
  let agentId: string | undefined;
  if (query.agent_id) {
    const agent = await db().agent.findFirst({ where: { projectId: scope.projectId, organizationId: scope.organizationId, name: query.agent_id }, select: { id: true } });
    if (!agent) return null;
    agentId = agent.id;
  }
  return {
    projectId: scope.projectId,
    organizationId: scope.organizationId,
    ...(agentId ? { agentId } : {}),
    ...(query.verdict ? { verdict: query.verdict } : {}),
    ...(query.direction ? { direction: query.direction } : {}),
    ...(query.category ? { categories: { has: query.category } } : {}),
    ...(query.conversation_id ? { conversationRef: query.conversation_id } : {}),
    ...(query.q ? { text: { contains: escapeLike(query.q), mode: "insensitive" as const } } : {}),
    occurredAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
    ...(cursor ? { OR: [{ occurredAt: { lt: cursor.at } }, { occurredAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
}

const EVENT_ORDER = [{ occurredAt: "desc" }, { id: "desc" }] satisfies Prisma.ScanEventOrderByWithRelationInput[];

/**
 * How much of the events table one request may read for filters that no index serves in time
 * order (text search, a conversation, a category): a search for a string that occurs nowhere read
 * every event of the range, 17 s for 30 days at 10 million events. Such a request reads time
 * slices of about `sliceEvents` events (by the hourly rollup), newest first, until the page is
 * full or `maxEvents` are behind it; it then answers what it found with a cursor that continues
 * before the oldest instant searched (`searched_back_to`), so a page may hold fewer events than
 * asked while more may follow.
 */
export interface EventScanBudget {
  sliceEvents: number;
  maxEvents: number;
}
/** WARDEN_SEARCH_EVENTS_PER_REQUEST events (100,000 by default) per request, in five slices. */
export function eventScanBudget(): EventScanBudget {
  const maxEvents = serverEnv().WARDEN_SEARCH_EVENTS_PER_REQUEST;
  return { maxEvents, sliceEvents: Math.ceil(maxEvents / 5) };
}

function needsBoundedScan(query: z.output<typeof eventQuerySchema>): boolean {
  return Boolean(query.q || query.conversation_id || query.category);
}

interface Slice {
  /** Inclusive; null: as far back as the query goes. */
  from: Date | null;
  /** Exclusive; null for the newest slice, which the query's own upper bound (or cursor) closes. */
  to: Date | null;
  events: number;
}

/**
 * The query's range cut into slices of about `sliceEvents` events, newest first, at hour starts,
 * counting the events its agent and verdict filters leave (their indexes read only those).
 */
async function eventSlices(scope: ProjectScope, where: Prisma.ScanEventWhereInput, from: Date | null, upper: Date | null, sliceEvents: number): Promise<Slice[]> {
  const values: unknown[] = [scope.projectId, scope.organizationId];
  const agentId = typeof where.agentId === "string" ? where.agentId : undefined;
  const verdict = typeof where.verdict === "string" ? where.verdict : undefined;
  const bounds = [
    from ? `"hour" >= $${values.push(utcWall(new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS)))}::timestamp(3)` : "true",
    upper ? `"hour" <= $${values.push(utcWall(upper))}::timestamp(3)` : "true",
    agentId ? `"agentId" = $${values.push(agentId)}` : "true",
    verdict ? `"verdict" = $${values.push(verdict)}::"Verdict"` : "true",
  ];
  const { rows: hours } = await pool().query<{ hour: Date; n: string }>(
    `SELECT "hour" AT TIME ZONE 'UTC' AS "hour", sum("count") AS n FROM "${agentId ? "EventHour" : "ProjectEventHour"}"
     WHERE "projectId" = $1 AND "organizationId" = $2 AND ${bounds.join(" AND ")} GROUP BY 1 ORDER BY 1 DESC`,
    values,
  );
  const slices: Slice[] = [];
  let to: Date | null = null;
  let events = 0;
  for (const h of hours) {
    events += Number(h.n);
    // No cut at or before the range's start: the slice after it would be empty.
    if (events >= sliceEvents && !(from && h.hour <= from)) {
      slices.push({ from: h.hour, to, events });
      to = h.hour;
      events = 0;
    }
  }
  slices.push({ from, to, events });
  return slices;
}

/**
 * Up to `take` rows in EVENT_ORDER, read whole when the filters have an index, else slice by
 * slice within `budget`; `searchedBackTo` is where a search that ran out of budget stopped.
 */
async function findEvents<T>(
  scope: ProjectScope,
  query: z.output<typeof eventQuerySchema>,
  where: Prisma.ScanEventWhereInput,
  take: number,
  budget: EventScanBudget,
  fetch: (where: Prisma.ScanEventWhereInput, take: number) => Promise<T[]>,
): Promise<{ rows: T[]; searchedBackTo: Date | null }> {
  if (!needsBoundedScan(query)) return { rows: await fetch(where, take), searchedBackTo: null };
  const cursor = decodeCursor(query.cursor);
  const upper = cursor?.at ?? (query.to ? new Date(query.to) : null);
  const slices = await eventSlices(scope, where, query.from ? new Date(query.from) : null, upper, budget.sliceEvents);
  const rows: T[] = [];
  let read = 0;
  for (const [i, slice] of slices.entries()) {
    if (i > 0 && read >= budget.maxEvents) return { rows, searchedBackTo: slices[i - 1]!.from };
    const within = { ...(slice.from ? { gte: slice.from } : {}), ...(slice.to ? { lt: slice.to } : {}) };
    rows.push(...(await fetch({ AND: [where, { occurredAt: within }] }, take - rows.length)));
    read += slice.events;
    if (rows.length >= take) break;
  }
  return { rows, searchedBackTo: null };
}

/** The next page's cursor: after the page's last row, or before where a bounded search stopped. */
function nextEventCursor(more: boolean, last: { occurredAt: Date; id: string } | undefined, searchedBackTo: Date | null): string | null {
  if (more && last) return encodeCursor(last.occurredAt, last.id);
  return searchedBackTo ? encodeCursor(searchedBackTo, "") : null;
}

/**
 * A page of events, newest first. An event's text may be 256 KiB and its findings 500, so a
 * page of 500 could be more than 100 MB: the page is bounded in bytes too. The matching ids come
 * first, then their stored sizes (from the rows' headers, not their contents), then only the
 * rows that fit.
 */
export async function listEvents(scope: ProjectScope, query: z.output<typeof eventQuerySchema>, budget = eventScanBudget()) {
  const where = await eventWhere(scope, query);
  const { rows: heads, searchedBackTo } = where
    ? await findEvents(scope, query, where, query.limit + 1, budget, (w, take) => db().scanEvent.findMany({ where: w, orderBy: EVENT_ORDER, take, select: { id: true, occurredAt: true } }))
    : { rows: [], searchedBackTo: null };
  const candidates = heads.slice(0, query.limit);
  const { rows: sizes } = candidates.length
    ? await pool().query<{ id: string; bytes: number }>(
        `SELECT "id", coalesce(octet_length("text"), 0) + pg_column_size("findings") AS "bytes" FROM "ScanEvent" WHERE "projectId" = $1 AND "id" = ANY($2::text[])`,
        [scope.projectId, candidates.map((h) => h.id)],
      )
    : { rows: [] };
  const bytesOf = new Map(sizes.map((r) => [r.id, r.bytes]));
  const taken = fittingRows(candidates.map((h) => bytesOf.get(h.id) ?? 0), MAX_EVENT_PAGE_BYTES);
  const page = candidates.slice(0, taken);
  const rows = page.length
    ? await db().scanEvent.findMany({ where: { projectId: scope.projectId, id: { in: page.map((h) => h.id) } }, orderBy: EVENT_ORDER, include: EVENT_INCLUDE })
    : [];
  const last = page.at(-1);
  return {
    events: rows.map(eventOutput),
    next_cursor: nextEventCursor(heads.length > taken, last, searchedBackTo),
    searched_back_to: searchedBackTo?.toISOString() ?? null,
  };
}

// ---- the dashboard's events explorer --------------------------------------------------

export type EventOutput = ReturnType<typeof eventOutput>;
/** A table row: everything but the text and the findings, which the detail view loads. */
export type EventSummary = Omit<EventOutput, "text" | "findings"> & { finding_count: number };

/** A page like `listEvents`, without text and findings (not even read), so a page of long messages stays small. */
export async function listEventSummaries(scope: ProjectScope, query: z.output<typeof eventQuerySchema>, budget = eventScanBudget()) {
  const where = await eventWhere(scope, query);
  const { rows, searchedBackTo } = where
    ? await findEvents(scope, query, where, query.limit + 1, budget, (w, take) => db().scanEvent.findMany({ where: w, orderBy: EVENT_ORDER, take, include: EVENT_INCLUDE, omit: { text: true, findings: true } }))
    : { rows: [], searchedBackTo: null };
  const page = rows.slice(0, query.limit);
  const { rows: counts } = page.length
    ? await pool().query<{ id: string; n: number }>(`SELECT "id", CASE WHEN jsonb_typeof("findings") = 'array' THEN jsonb_array_length("findings") ELSE 0 END AS "n" FROM "ScanEvent" WHERE "projectId" = $1 AND "id" = ANY($2::text[])`, [
        scope.projectId,
        page.map((r) => r.id),
      ])
    : { rows: [] };
  const findingCount = new Map(counts.map((c) => [c.id, c.n]));
  const last = page.at(-1);
  return {
    events: page.map((row): EventSummary => {
      const { text: _text, findings: _findings, ...rest } = eventOutput({ ...row, text: null, findings: [] });
      return { ...rest, finding_count: findingCount.get(row.id) ?? 0 };
    }),
    next_cursor: nextEventCursor(rows.length > query.limit, last, searchedBackTo),
    searched_back_to: searchedBackTo?.toISOString() ?? null,
  };
}

// What the engine stored; parsed rather than cast, so a malformed row cannot break the page.
const storedFindingSchema = z.object({
  category: z.enum(CATEGORIES),
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  score: z.number(),
  span: z.object({ start: z.number().int(), end: z.number().int() }),
  explanation: z.string(),
});
export type StoredFinding = z.output<typeof storedFindingSchema> & {
  /** Where the evidence sits in the STORED text (masking shifts it); null when the text is not stored. */
  stored_span: Span | null;
};
export type EventDetail = Omit<EventOutput, "findings"> & { findings: StoredFinding[]; engine_version: string };

/**
 * Finding spans are offsets into the ORIGINAL text; "masked" storage replaced each secrets
 * and pii run by `[REDACTED:<rule>]` (lib/detection/mask.ts), so later offsets moved. This
 * uses maskText's own runs (maskRuns) to map each span into the stored text; a finding inside a
 * masked run maps onto its replacement. A mapped span is kept only if the stored text
 * really shows the replacement there, so a text masked by another engine version is never
 * mis-highlighted, only left unmarked.
 */
export function spansInStoredText(
  findings: readonly { category: string; rule: string; score: number; span: Span }[],
  storage: "masked" | "full" | "none",
  originalLength: number,
  storedText: string | null,
): (Span | null)[] {
  if (storedText === null || storage === "none") return findings.map(() => null);
  const inText = (s: Span) => (s.start >= 0 && s.end <= storedText.length && s.start < s.end ? s : null);
  if (storage === "full") return findings.map((f) => inText(f.span));
  const runs = maskRuns(originalLength, findings);
  let shift = 0;
  const placed = runs.map((run) => {
    const replacement = `[REDACTED:${run.rule}]`;
    const at = run.start + shift;
    shift += replacement.length - (run.end - run.start);
    return { ...run, at, replacement };
  });
  const ok = placed.every((run) => storedText.startsWith(run.replacement, run.at));
  if (!ok) return findings.map(() => null);
  const map = (p: number, side: "start" | "end"): number => {
    let offset = 0;
    for (const run of placed) {
      if (p <= run.start) break;
      if (p >= run.end) {
        offset = run.at + run.replacement.length - run.end;
        continue;
      }
      return side === "start" ? run.at : run.at + run.replacement.length;
    }
    return p + offset;
  };
  return findings.map((f) => inText({ start: map(f.span.start, "start"), end: map(f.span.end, "end") }));
}

/** One event of the project with its findings placed in the stored text; 404 for any other id. */
export async function getEvent(scope: ProjectScope, id: string): Promise<EventDetail> {
  const row = await db().scanEvent.findFirst({
    where: { id, projectId: scope.projectId, organizationId: scope.organizationId },
    include: EVENT_INCLUDE,
  });
  if (!row) throw new ApiError("not_found", "No such event in this project.");
  const { findings: raw, ...event } = eventOutput(row);
  const findings = (Array.isArray(raw) ? raw : []).flatMap((f) => {
    const parsed = storedFindingSchema.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
  const spans = spansInStoredText(findings, row.textStorage, row.textLength, row.text);
  return {
    ...event,
    engine_version: row.engineVersion,
    findings: findings.map((f, i) => ({ ...f, stored_span: spans[i] ?? null })),
  };
}

export const conversationQuerySchema = z.object({ cursor: z.string().max(400).optional(), limit });

/** Participants a conversation list shows per row; the row's participant count says how many there are. */
export const LISTED_PARTICIPANTS = 50;

/**
 * The first LISTED_PARTICIPANTS participants of each conversation and how many it has. A list
 * reads only these: a conversation may have 10,000 participants of 256 characters.
 */
export async function participantHeads(projectId: string, ids: readonly string[]): Promise<Map<string, { participants: string[]; count: number }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<{ id: string; head: string[] | null; count: number }>(
    `SELECT "id", "participants"[1:$3] AS "head", cardinality("participants") AS "count" FROM "Conversation" WHERE "projectId" = $1 AND "id" = ANY($2::text[])`,
    [projectId, ids, LISTED_PARTICIPANTS],
  );
  return new Map(rows.map((r) => [r.id, { participants: r.head ?? [], count: r.count }]));
}

export async function listConversations(scope: ProjectScope, query: z.output<typeof conversationQuerySchema>) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db().conversation.findMany({
    where: {
      projectId: scope.projectId,
      organizationId: scope.organizationId,
      // The redundant bound lets the (projectId, createdAt, id) index start at the cursor.
      ...(cursor ? { createdAt: { lte: cursor.at }, OR: [{ createdAt: { lt: cursor.at } }, { id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    omit: { participants: true },
  });
  const page = rows.slice(0, query.limit);
  const heads = await participantHeads(scope.projectId, page.map((c) => c.id));
  const last = page.at(-1);
  return {
    conversations: page.map((c) => ({
      conversation_id: c.externalId,
      framework: c.framework,
      /** The first LISTED_PARTICIPANTS; `participant_count` counts them all (the conversation itself lists every one). */
      participants: heads.get(c.id)?.participants ?? [],
      participant_count: heads.get(c.id)?.count ?? 0,
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

/** Stored bytes of message content, tool arguments and metadata one page of a conversation carries at most (one message always goes). */
export const MAX_CONVERSATION_PAGE_BYTES = 8_000_000;

export const conversationMessagesQuerySchema = z.object({
  /** The page after this seq (the previous page's `next_after_seq`). */
  after_seq: z.coerce.number().int().min(0).max(MAX_STORABLE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
});

/**
 * One conversation and a page of its messages, in seq order. A conversation grows with every
 * transcript sent to it and a message may hold a megabyte, so pages are bounded in messages and
 * in bytes: the sizes are read first (from the rows' headers, not their contents), then only the
 * page's messages.
 */
export async function getConversation(scope: ProjectScope, externalId: string, query: z.output<typeof conversationMessagesQuerySchema>) {
  const conversation = await db().conversation.findFirst({
    where: { projectId: scope.projectId, organizationId: scope.organizationId, externalId },
  });
  if (!conversation) throw new ApiError("not_found", "No such conversation in this project.");
  const after = query.after_seq ?? -1;
  const { rows: sizes } = await pool().query<{ seq: number; bytes: number }>(
    `SELECT "seq", octet_length("content") + coalesce(octet_length("toolArguments"), 0) + coalesce(pg_column_size("metadata"), 0) AS "bytes"
     FROM "Message" WHERE "conversationId" = $1 AND "projectId" = $2 AND "organizationId" = $3 AND "seq" > $4
     ORDER BY "seq" LIMIT $5`,
    [conversation.id, scope.projectId, scope.organizationId, after, query.limit + 1],
  );
  const taken = fittingRows(sizes.slice(0, query.limit).map((r) => r.bytes), MAX_CONVERSATION_PAGE_BYTES);
  const last = taken > 0 ? sizes[taken - 1]!.seq : after;
  const messages =
    taken === 0
      ? []
      : await db().message.findMany({
          where: { conversationId: conversation.id, projectId: scope.projectId, seq: { gt: after, lte: last } },
          orderBy: { seq: "asc" },
          include: { scanEvent: { select: { verdict: true, riskScore: true, findings: true } } },
        });
  return {
    conversation_id: conversation.externalId,
    framework: conversation.framework,
    participants: conversation.participants,
    status: conversation.status,
    last_chain_hash: conversation.lastChainHash,
    metadata: conversation.metadata ?? null,
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
      // What the sender attached, e.g. the Python adapter's "blocked before delivery".
      metadata: m.metadata ?? null,
      sent_at: m.sentAt.toISOString(),
      content_hash: m.contentHash,
      chain_hash: m.chainHash,
      verdict: m.scanEvent?.verdict ?? null,
      findings: m.scanEvent?.findings ?? [],
    })),
    /** Pass as `after_seq` for the next page; null on the last. */
    next_after_seq: taken < sizes.length ? last : null,
  };
}
