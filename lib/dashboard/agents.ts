// The Agents page's data for one project and time range: each agent's messages and
// scan events (counted from the daily and hourly rollups plus the range's edge hours), and the flow
// graph between agents across every conversation.
import "server-only";
import { db } from "@/lib/db/client";
import { buildAgentFlowGraph, type FlowMessage } from "./flow-graph";
import { agentEventCounts, messageCountsBySender } from "./rollup-counts";
import type { TimeRange } from "./time-range";

interface Scope {
  organizationId: string;
  projectId: string;
}

/** The graph covers the most recent messages of the range; enough for a readable graph, bounded in memory. */
export const AGENT_GRAPH_MESSAGE_LIMIT = 20_000;

export async function agentsOverview(scope: Scope, range: TimeRange) {
  const [agents, sent, graphRows] = await Promise.all([
    agentEventCounts(scope, range),
    messageCountsBySender(scope, range),
    db().$queryRawUnsafe<
      { conversationId: string; seq: number; sender: string; recipients: string[]; recipientsExplicit: boolean; kind: FlowMessage["kind"]; verdict: FlowMessage["verdict"]; categories: string[] | null }[]
    >(
      `SELECT m."conversationId", m."seq", m."sender", m."recipients", m."recipientsExplicit", m."kind"::text AS kind,
              e."verdict"::text AS verdict, e."categories"::text[] AS categories
       FROM "Message" m LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
       WHERE m."projectId" = $1 AND m."organizationId" = $2 AND m."sentAt" >= $3 AND m."sentAt" < $4
       ORDER BY m."sentAt" DESC, m."conversationId", m."seq" LIMIT ${AGENT_GRAPH_MESSAGE_LIMIT}`,
      scope.projectId,
      scope.organizationId,
      range.from,
      range.to,
    ),
  ]);
  const byConversation = new Map<string, FlowMessage[]>();
  for (const row of graphRows) {
    const list = byConversation.get(row.conversationId) ?? [];
    list.push({ seq: row.seq, sender: row.sender, recipients: row.recipients, recipientsExplicit: row.recipientsExplicit, kind: row.kind, verdict: row.verdict, categories: row.categories ?? [] });
    byConversation.set(row.conversationId, list);
  }
  return {
    agents: agents.map((a) => ({
      name: a.name,
      lastSeenAt: a.lastSeenAt.toISOString(),
      messages: sent.get(a.name) ?? 0,
      events: a.events,
      blocked: a.blocked,
      flagged: a.flagged,
    })),
    graph: buildAgentFlowGraph([...byConversation.values()]),
    graphTruncated: graphRows.length === AGENT_GRAPH_MESSAGE_LIMIT,
  };
}

export type AgentsOverview = Awaited<ReturnType<typeof agentsOverview>>;
