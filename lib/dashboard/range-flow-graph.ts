// The Agents page's flow graph over every message of a range: edge and node totals summed from
// MessageEdgeDay for whole UTC days, MessageEdgeHour for the whole hours around them, and
// Message (+ its ScanEvent's verdict) for the partial hours at the ends (rollup-plan.ts), so
// the graph counts what buildAgentFlowGraph counts over all the range's messages, at a cost
// that grows with the days and edges of the range rather than with its messages.
import "server-only";
import { db } from "@/lib/db/client";
import { edgeFromTotals, sortedGraph, type FlowEdgeTotals, type FlowGraphTotals, type FlowNodeTotals } from "./flow-graph";
import { parameters, within } from "./rollup-counts";
import { planDayRollupRead, type Interval } from "./rollup-plan";

interface Scope {
  organizationId: string;
  projectId: string;
}

const TOTALS = `sum("messages") AS messages, sum("broadcast") AS broadcast, sum("flagged") AS flagged, sum("blocked") AS blocked`;

/** Agents the graph draws at most: those with the most flagged and blocked messages, then the busiest. */
export const MAX_GRAPH_NODES = 150;
/** Edges between them it draws at most: marked ones first, then the busiest. */
export const MAX_GRAPH_EDGES = 1_500;

/**
 * The range's graph, the busiest part of it when it is large. An ingest key can name any number
 * of agents: 10,000 agents in 100 group chats made a graph of 990,000 edges, a 217 MB answer that
 * took 9 s to build and no browser could draw. So the database sums every edge, then sends only
 * the chosen agents (with their exact totals) and the edges between them, and says how many of
 * each it left out.
 */
export async function rangeFlowGraph(scope: Scope, range: Interval): Promise<FlowGraphTotals> {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const maxNodes = add(MAX_GRAPH_NODES);
  const maxEdges = add(MAX_GRAPH_EDGES);
  const rows = await db().$queryRawUnsafe<{ kind: "node" | "edge" | "all"; a: string | null; b: string | null; x1: number; x2: number; x3: number; x4: number }[]>(
    `WITH edges AS MATERIALIZED (
       SELECT "sender", "recipient", ${TOTALS}
       FROM (SELECT "sender", "recipient", ${TOTALS} FROM "MessageEdgeDay"
             WHERE "projectId" = $1 AND "organizationId" = $2 AND ${plan.days ? within([plan.days], add, `"day"`) : "false"}
             GROUP BY 1, 2
             UNION ALL
             SELECT "sender", "recipient", ${TOTALS} FROM "MessageEdgeHour"
             WHERE "projectId" = $1 AND "organizationId" = $2 AND ${within(plan.hours, add, `"hour"`)}
             GROUP BY 1, 2
             UNION ALL
             -- The same rows the writer adds: one per distinct recipient and one for the sender.
             SELECT m."sender", r."recipient", count(*) AS messages, count(*) FILTER (WHERE NOT m."recipientsExplicit") AS broadcast,
                    count(*) FILTER (WHERE e."verdict" = 'flagged') AS flagged, count(*) FILTER (WHERE e."verdict" = 'blocked') AS blocked
             FROM "Message" m
             LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
             CROSS JOIN LATERAL (SELECT '' AS "recipient" UNION SELECT unnest(m."recipients")) r
             WHERE m."projectId" = $1 AND m."organizationId" = $2 AND ${within(plan.detail, add, `m."sentAt"`)}
             GROUP BY 1, 2) parts
       GROUP BY 1, 2
     ),
     -- Row "" of a sender holds what it sent (and of that, flagged / blocked); an edge counts
     -- for its recipient's received messages and makes its sender a node.
     nodes AS MATERIALIZED (
       SELECT agent, sum(sent) AS sent, sum(received) AS received, sum(flagged) AS flagged, sum(blocked) AS blocked
       FROM (SELECT "sender" AS agent, messages AS sent, 0 AS received, flagged, blocked FROM edges WHERE "recipient" = ''
             UNION ALL SELECT "sender", 0, 0, 0, 0 FROM edges WHERE "recipient" <> ''
             UNION ALL SELECT "recipient", 0, messages, 0, 0 FROM edges WHERE "recipient" <> '') x
       GROUP BY 1
     ),
     chosen AS MATERIALIZED (
       SELECT agent FROM nodes ORDER BY flagged + blocked DESC, sent + received DESC, agent LIMIT ${maxNodes}
     )
     SELECT 'node' AS kind, n.agent AS a, NULL AS b, n.sent AS x1, n.received AS x2, n.flagged AS x3, n.blocked AS x4
     FROM nodes n WHERE n.agent IN (SELECT agent FROM chosen)
     UNION ALL
     (SELECT 'edge', e."sender", e."recipient", e.messages, e.broadcast, e.flagged, e.blocked
      FROM edges e
      WHERE e."recipient" <> '' AND e."sender" IN (SELECT agent FROM chosen) AND e."recipient" IN (SELECT agent FROM chosen)
      ORDER BY e.flagged + e.blocked > 0 DESC, e.messages DESC, e."sender", e."recipient"
      LIMIT ${maxEdges})
     UNION ALL
     SELECT 'all', NULL, NULL, (SELECT count(*) FROM nodes), (SELECT count(*) FROM edges WHERE "recipient" <> ''),
            (SELECT coalesce(sum(messages), 0) FROM edges WHERE "recipient" = ''), 0`,
    ...values,
  );
  const nodes: FlowNodeTotals[] = [];
  const edges: FlowEdgeTotals[] = [];
  let all = { nodes: 0, edges: 0, messages: 0 };
  for (const r of rows) {
    const [x1, x2, x3, x4] = [Number(r.x1), Number(r.x2), Number(r.x3), Number(r.x4)];
    if (r.kind === "node") nodes.push({ agent: r.a!, sent: x1, received: x2, flagged: x3, blocked: x4 });
    else if (r.kind === "edge") edges.push(edgeFromTotals({ sender: r.a!, recipient: r.b!, messages: x1, broadcast: x2, flagged: x3, blocked: x4 }));
    else all = { nodes: x1, edges: x2, messages: x3 };
  }
  const graph = sortedGraph(nodes, edges, all.messages);
  const omitted = { nodes: all.nodes - nodes.length, edges: all.edges - edges.length };
  return omitted.nodes + omitted.edges > 0 ? { ...graph, omitted } : graph;
}
