// One agent's page: its events over the range (the Overview's timeline, for this agent only),
// what the detectors found in its messages, the conversations it took part in, and who it
// talks to (messages it sent to each peer, and each peer's messages to it). Always within one
// project of one organization; an agent name another tenant uses answers 404 like a name
// nobody uses.
import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import type { ProjectScope } from "@/lib/ingest/record-event";
import { summariseFindings, type FindingGroupRow } from "./agent-findings";
import { conversationSummary, type ConversationListItem } from "./conversations";
import { messageCountsBySender, parameters, within } from "./rollup-counts";
import { planDayRollupRead, utcWall } from "./rollup-plan";
import { eventTimeline } from "./timeline-query";
import type { TimeRange } from "./time-range";

/** Conversations listed on the page, newest activity first; the total says how many there are. */
export const AGENT_CONVERSATIONS_LIMIT = 50;
/** Peers listed per direction; an agent talking to more is unusual enough to just say so. */
export const AGENT_PEERS_LIMIT = 50;

export interface AgentRef {
  id: string;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** The project's agent of that name; 404 for any other (another tenant's included). */
export async function findProjectAgent(scope: ProjectScope, name: string): Promise<AgentRef> {
  const agent = await db().agent.findFirst({
    where: { name, projectId: scope.projectId, organizationId: scope.organizationId },
    select: { id: true, name: true, firstSeenAt: true, lastSeenAt: true },
  });
  if (!agent) throw new ApiError("not_found", "No such agent in this project.");
  return agent;
}

export interface PeerEdge {
  agent: string;
  messages: number;
  flagged: number;
  blocked: number;
  /** The agent's messages to itself (AutoGen 0.4 records tool calls and results that way). */
  self: boolean;
}

type PeerRow = { peer: string; messages: bigint; flagged: bigint; blocked: bigint };

const toPeer = (name: string) => (r: PeerRow): PeerEdge => ({ agent: r.peer, messages: Number(r.messages), flagged: Number(r.flagged), blocked: Number(r.blocked), self: r.peer === name });

export interface AgentConversation extends ConversationListItem {
  /** Messages this agent sent in the conversation (all time, not only the range). */
  sentByAgent: number;
}

/**
 * Up to this many conversations of the agent in the range, the newest are picked from all of
 * them (found through the participants index); with more, by walking the range's conversations
 * newest first until enough are the agent's, which then takes at most a few thousand rows.
 */
export const FEW_AGENT_CONVERSATIONS = 5_000;

/** Ids of the agent's newest conversations in the range, when it has few (see above). */
async function newestOfFew(scope: ProjectScope, agent: AgentRef, range: TimeRange): Promise<string[]> {
  // MATERIALIZED keeps the filter apart from the ORDER BY ... LIMIT: otherwise PostgreSQL may
  // walk the (projectId, lastMessageAt) index hoping to meet the agent early, and for an agent
  // in none of 200,000 conversations read them all (0.2-0.3 s at 10 million events).
  const rows = await db().$queryRawUnsafe<{ id: string }[]>(
    `WITH mine AS MATERIALIZED (
       SELECT "id", "lastMessageAt" FROM "Conversation"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND "participants" @> ARRAY[$3]::text[]
         AND "lastMessageAt" >= $4::timestamp(3) AND "startedAt" < $5::timestamp(3)
     )
     SELECT "id" FROM mine ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT ${AGENT_CONVERSATIONS_LIMIT}`,
    scope.projectId,
    scope.organizationId,
    agent.name,
    utcWall(range.from),
    utcWall(range.to),
  );
  return rows.map((r) => r.id);
}

async function agentConversations(scope: ProjectScope, agent: AgentRef, range: TimeRange) {
  // Conversations whose activity overlaps the range and that list the agent as a participant.
  const where = {
    projectId: scope.projectId,
    organizationId: scope.organizationId,
    participants: { has: agent.name },
    lastMessageAt: { gte: range.from },
    startedAt: { lt: range.to },
  };
  const orderBy = [{ lastMessageAt: "desc" as const }, { id: "desc" as const }];
  // The count decides how to find the newest: it reads the participants index, so it is cheap
  // exactly when the agent is in few conversations.
  const total = await db().conversation.count({ where });
  const rows =
    total === 0
      ? []
      : total <= FEW_AGENT_CONVERSATIONS
        ? await db().conversation.findMany({ where: { ...where, id: { in: await newestOfFew(scope, agent, range) } }, orderBy })
        : await db().conversation.findMany({ where, orderBy, take: AGENT_CONVERSATIONS_LIMIT });
  const sent = rows.length
    ? await db().message.groupBy({
        by: ["conversationId"],
        where: { projectId: scope.projectId, organizationId: scope.organizationId, sender: agent.name, conversationId: { in: rows.map((r) => r.id) } },
        _count: { _all: true },
      })
    : [];
  const sentBy = new Map(sent.map((s) => [s.conversationId, s._count._all]));
  return {
    items: rows.map((c): AgentConversation => ({ ...conversationSummary(c), sentByAgent: sentBy.get(c.id) ?? 0 })),
    total,
  };
}

/**
 * Findings of the agent's flagged and blocked events (what Warden acted on), grouped by rule;
 * severities ranked as in SEVERITIES. Whole UTC days come from AgentFindingDay; the hours
 * around them from the events themselves (the (projectId, agentId, verdict, occurredAt) index
 * reads only those), each event once per rule. Thirty days of one busy agent's findings read
 * from the events took 0.8 s at 10 million events (README, "Dashboard").
 */
async function agentFindingGroups(scope: ProjectScope, agentId: string, range: TimeRange): Promise<FindingGroupRow[]> {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const agent = add(agentId);
  const days = plan.days ? within([plan.days], add, `"day"`) : "false";
  const detail = within([...plan.hours, ...plan.detail], add, `e."occurredAt"`);
  return db().$queryRawUnsafe<FindingGroupRow[]>(
    `SELECT category, rule, sum(findings)::bigint AS findings, sum(events)::bigint AS events, sum(blocked)::bigint AS blocked,
            max("severityRank") AS "severityRank", max("maxScore") AS "maxScore"
     FROM (
       SELECT "category", "rule", "findings", "events", "blocked", "severityRank", "maxScore" FROM "AgentFindingDay"
       WHERE "projectId" = $1 AND "organizationId" = $2 AND "agentId" = ${agent} AND ${days}
       UNION ALL
       SELECT category, rule, n, 1, (verdict = 'blocked')::int, "severityRank", "maxScore" FROM (
         SELECT e."id", e."verdict", f->>'category' AS category, f->>'rule' AS rule, count(*) AS n,
                max(CASE f->>'severity' WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'critical' THEN 3 END) AS "severityRank",
                max(CASE WHEN jsonb_typeof(f->'score') = 'number' THEN (f->>'score')::float8 END) AS "maxScore"
         FROM "ScanEvent" e
         CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e."findings") = 'array' THEN e."findings" ELSE '[]'::jsonb END) f
         WHERE e."projectId" = $1 AND e."organizationId" = $2 AND e."agentId" = ${agent} AND e."verdict" IN ('flagged', 'blocked') AND ${detail}
           AND f->>'category' IS NOT NULL AND f->>'rule' IS NOT NULL
         GROUP BY 1, 2, 3, 4
       ) per_event
     ) parts
     GROUP BY 1, 2`,
    ...values,
  );
}

/**
 * Who the agent talks to: messages it sent to each peer and each peer's messages to it (its
 * messages to itself are on the outgoing side), with how many were flagged and blocked; the
 * busiest AGENT_PEERS_LIMIT each way. Stored recipients are explicit (a broadcast is stored as
 * every other participant), so one recipient is one edge, as in the flow graph, whose rollups
 * (MessageEdgeDay for whole UTC days, MessageEdgeHour for the hours around them) this reads;
 * only the partial hours at the ends come from Message. Read from Message alone, thirty days of
 * a busy agent's traffic (its 72,000 incoming messages, each joined to its ScanEvent) took most
 * of the page's 0.4 s at 10 million events.
 */
async function agentPeers(scope: ProjectScope, name: string, range: TimeRange): Promise<{ outgoing: PeerRow[]; incoming: PeerRow[] }> {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const agent = add(name);
  const mine = `"recipient" <> '' AND ("sender" = ${agent} OR "recipient" = ${agent})`;
  const rows = await db().$queryRawUnsafe<(PeerRow & { dir: "out" | "in" })[]>(
    `WITH edges AS MATERIALIZED (
       SELECT "sender", "recipient", sum(messages) AS messages, sum(flagged) AS flagged, sum(blocked) AS blocked
       FROM (SELECT "sender", "recipient", "messages" AS messages, "flagged" AS flagged, "blocked" AS blocked FROM "MessageEdgeDay"
             WHERE "projectId" = $1 AND "organizationId" = $2 AND ${plan.days ? within([plan.days], add, `"day"`) : "false"} AND ${mine}
             UNION ALL
             SELECT "sender", "recipient", "messages", "flagged", "blocked" FROM "MessageEdgeHour"
             WHERE "projectId" = $1 AND "organizationId" = $2 AND ${within(plan.hours, add, `"hour"`)} AND ${mine}
             UNION ALL
             -- The rows the writer adds: one per distinct recipient.
             SELECT m."sender", r."recipient", 1, (e."verdict" = 'flagged')::int, (e."verdict" = 'blocked')::int
             FROM "Message" m
             LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
             CROSS JOIN LATERAL (SELECT DISTINCT unnest(m."recipients") AS "recipient") r
             WHERE m."projectId" = $1 AND m."organizationId" = $2 AND ${within(plan.detail, add, `m."sentAt"`)}
               AND (m."sender" = ${agent} OR m."recipients" @> ARRAY[${agent}]::text[]) AND (m."sender" = ${agent} OR r."recipient" = ${agent})) parts
       GROUP BY 1, 2
     )
     (SELECT 'out' AS dir, "recipient" AS peer, messages, flagged, blocked FROM edges WHERE "sender" = ${agent}
      ORDER BY messages DESC, peer LIMIT ${AGENT_PEERS_LIMIT})
     UNION ALL
     (SELECT 'in', "sender", messages, flagged, blocked FROM edges WHERE "recipient" = ${agent} AND "sender" <> ${agent}
      ORDER BY messages DESC, "sender" LIMIT ${AGENT_PEERS_LIMIT})`,
    ...values,
  );
  const strip = ({ dir: _dir, ...row }: PeerRow & { dir: string }): PeerRow => row;
  return { outgoing: rows.filter((r) => r.dir === "out").map(strip), incoming: rows.filter((r) => r.dir === "in").map(strip) };
}

export async function agentDetail(scope: ProjectScope, name: string, range: TimeRange, timeZone: string) {
  const agent = await findProjectAgent(scope, name);
  const [timeline, findingRows, conversations, peers, sentRows] = await Promise.all([
    eventTimeline(scope, range, timeZone, agent.id),
    agentFindingGroups(scope, agent.id, range),
    agentConversations(scope, agent, range),
    agentPeers(scope, agent.name, range),
    messageCountsBySender(scope, range, agent.name),
  ]);
  const incomingPeers = peers.incoming.map(toPeer(agent.name));
  return {
    agent: { name: agent.name, firstSeenAt: agent.firstSeenAt.toISOString(), lastSeenAt: agent.lastSeenAt.toISOString() },
    range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
    timeZone,
    totals: {
      ...timeline.totals,
      messagesSent: sentRows.get(agent.name) ?? 0,
      messagesReceived: incomingPeers.reduce((sum, p) => sum + p.messages, 0),
    },
    timeline,
    findings: summariseFindings(findingRows),
    conversations,
    talksTo: { outgoing: peers.outgoing.map(toPeer(agent.name)), incoming: incomingPeers, limit: AGENT_PEERS_LIMIT },
  };
}

export type AgentDetail = Awaited<ReturnType<typeof agentDetail>>;
