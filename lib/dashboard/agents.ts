// The Agents page's data for one project and time range: each agent's messages and
// scan events (counted from the daily and hourly rollups plus the range's edge hours), and the flow
// graph between agents across every message of the range (range-flow-graph.ts, same rollup plan).
import "server-only";
import { rangeFlowGraph } from "./range-flow-graph";
import { agentEventCounts, messageCountsBySender } from "./rollup-counts";
import type { TimeRange } from "./time-range";

interface Scope {
  organizationId: string;
  projectId: string;
}

export async function agentsOverview(scope: Scope, range: TimeRange) {
  const [agents, sent, graph] = await Promise.all([agentEventCounts(scope, range), messageCountsBySender(scope, range), rangeFlowGraph(scope, range)]);
  return {
    agents: agents.map((a) => ({
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
