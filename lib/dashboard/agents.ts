// The Agents page's data for one project and time range: each agent's messages and
// scan events (counted from the daily and hourly rollups plus the range's edge hours), and the flow
// graph between agents across every message of the range (range-flow-graph.ts, same rollup plan).
// An ingest key can name any number of agents, so the table and the graph show the riskiest and
// busiest of them and say how many more there are.
import "server-only";
import { rangeFlowGraph } from "./range-flow-graph";
import { agentEventCounts, messageCountsBySender } from "./rollup-counts";
import type { TimeRange } from "./time-range";

interface Scope {
  organizationId: string;
  projectId: string;
}

/** Rows of the Agents table at most: the most blocked, then flagged, then busiest (agentEventCounts' order). */
export const MAX_AGENT_ROWS = 500;

export async function agentsOverview(scope: Scope, range: TimeRange) {
  const [agents, sent, graph] = await Promise.all([agentEventCounts(scope, range), messageCountsBySender(scope, range), rangeFlowGraph(scope, range)]);
  return {
    /** All the project's agents; `agents` holds the first MAX_AGENT_ROWS of them. */
    agentsTotal: agents.length,
    agents: agents.slice(0, MAX_AGENT_ROWS).map((a) => ({
      name: a.name,
      lastSeenAt: a.lastSeenAt.toISOString(),
      messages: sent.get(a.name) ?? 0,
      events: a.events,
      blocked: a.blocked,
      flagged: a.flagged,
    })),
    graph,
  };
}

export type AgentsOverview = Awaited<ReturnType<typeof agentsOverview>>;
