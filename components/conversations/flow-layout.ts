// Positions of the agents of a flow graph, top to bottom in the direction messages mostly
// travel. dagre does the layout (STYLE: libraries before hand-written code); this only
// feeds it the graph's nodes and non-loop edges, weighted by message count so busy pairs
// sit close together.
import dagre from "@dagrejs/dagre";
import type { FlowGraphTotals } from "@/lib/dashboard/flow-graph";

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 72;

export function layoutFlowGraph(graph: Pick<FlowGraphTotals, "nodes" | "edges">): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 50, ranksep: 60, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.agent, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of graph.edges) {
    if (e.selfLoop) continue;
    const existing = g.edge(e.from, e.to) as { weight?: number } | undefined;
    g.setEdge(e.from, e.to, { weight: (existing?.weight ?? 0) + e.messages });
  }
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) {
    const p = g.node(n.agent);
    // dagre gives centres; React Flow wants the top-left corner.
    positions.set(n.agent, { x: (p?.x ?? 0) - NODE_WIDTH / 2, y: (p?.y ?? 0) - NODE_HEIGHT / 2 });
  }
  return positions;
}
