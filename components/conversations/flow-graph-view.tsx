"use client";

// The message-flow graph of one conversation, drawn with React Flow: agents as nodes,
// sender -> recipient edges as wide as the traffic they carried, broadcast-only edges light
// and dashed, edges that carried flagged or blocked content in warning colours. Clicking a
// node or an edge's count badge asks the page to filter the transcript. Draws only: the
// graph comes from buildFlowGraph (or, on the Agents page, the edge rollup), the positions from dagre.
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { createContext, useContext, useMemo } from "react";
import type { FlowEdgeTotals as FlowEdge, FlowGraphTotals, FlowNodeTotals as FlowNode } from "@/lib/dashboard/flow-graph";
import { layoutFlowGraph, NODE_HEIGHT, NODE_WIDTH } from "./flow-layout";

export type GraphSelection = { type: "node"; agent: string } | { type: "edge"; from: string; to: string } | null;

export interface GraphHighlight {
  origin: string | null;
  reached: ReadonlySet<string>;
}

type AgentNodeData = { node: FlowNode; selected: boolean; role: "origin" | "reached" | null };
type AgentNodeType = Node<AgentNodeData, "agent">;
type FlowEdgeData = { edge: FlowEdge; selected: boolean };
type FlowEdgeType = Edge<FlowEdgeData, "flow">;

const SelectEdge = createContext<(from: string, to: string) => void>(() => undefined);

export function edgeTestId(from: string, to: string): string {
  return `flow-edge-${from}->${to}`;
}

function edgeColour(e: FlowEdge): string {
  return e.blocked > 0 ? "#dc2626" : e.flagged > 0 ? "#d97706" : "#64748b";
}

function edgeWidth(e: FlowEdge): number {
  return Math.min(9, 1.25 + 1.5 * Math.log2(e.messages));
}

function describeEdge(e: FlowEdge): string {
  const parts = [`${e.messages} message${e.messages === 1 ? "" : "s"}`];
  if (e.broadcast > 0) parts.push(`${e.broadcast} by broadcast`);
  if (e.blocked > 0) parts.push(`${e.blocked} blocked`);
  if (e.flagged > 0) parts.push(`${e.flagged} flagged`);
  return `${e.from} → ${e.to}: ${parts.join(", ")}`;
}

function AgentNode({ data }: NodeProps<AgentNodeType>) {
  const { node, selected, role } = data;
  const ring = selected ? "ring-2 ring-brand-500" : role === "origin" ? "ring-2 ring-red-500" : role === "reached" ? "ring-2 ring-orange-400" : "";
  const tone = role === "origin" ? "bg-red-50 border-red-300" : role === "reached" ? "bg-orange-50 border-orange-300" : "bg-white border-slate-300";
  return (
    <div
      data-testid={`flow-node-${node.agent}`}
      data-role={role ?? undefined}
      title={`${node.agent}: sent ${node.sent}, received ${node.received}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={`flex cursor-pointer flex-col justify-center rounded-lg border px-3 text-left shadow-sm ${tone} ${ring}`}
    >
      <Handle type="target" position={Position.Top} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" isConnectable={false} />
      <div className="truncate font-mono text-sm font-semibold text-slate-900">{node.agent}</div>
      <div className="text-xs text-slate-600">
        {node.sent} sent · {node.received} received
      </div>
      <div className="mt-0.5 flex gap-1 text-[11px]">
        {node.blocked > 0 ? <span className="rounded bg-red-600 px-1.5 text-white">{node.blocked} blocked</span> : null}
        {node.flagged > 0 ? <span className="rounded bg-amber-400 px-1.5 text-amber-950">{node.flagged} flagged</span> : null}
        {role === "origin" ? <span className="rounded bg-red-100 px-1.5 text-red-800">origin</span> : role === "reached" ? <span className="rounded bg-orange-100 px-1.5 text-orange-800">reached</span> : null}
      </div>
      <Handle type="source" position={Position.Bottom} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" isConnectable={false} />
    </div>
  );
}

function FlowEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<FlowEdgeType>) {
  const select = useContext(SelectEdge);
  if (!data) return null;
  const { edge, selected } = data;
  let path: string;
  let labelX: number;
  let labelY: number;
  if (edge.selfLoop) {
    // A tool call addressed to its caller: a loop on the node's right side.
    const right = sourceX + NODE_WIDTH / 2;
    const midY = (sourceY + targetY) / 2;
    path = `M ${right} ${midY + 12} C ${right + 60} ${midY + 40}, ${right + 60} ${midY - 40}, ${right} ${midY - 12}`;
    labelX = right + 46;
    labelY = midY;
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  }
  const colour = selected ? "#2458c2" : edgeColour(edge);
  const broadcastOnly = edge.mode === "broadcast";
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={markerEnd}
        interactionWidth={10}
        style={{
          stroke: colour,
          strokeWidth: edgeWidth(edge),
          strokeDasharray: broadcastOnly ? "6 4" : undefined,
          opacity: broadcastOnly && !edge.marked && !selected ? 0.45 : 0.9,
        }}
      />
      <EdgeLabelRenderer>
        <button
          type="button"
          data-testid={edgeTestId(edge.from, edge.to)}
          data-marked={edge.marked ? "true" : "false"}
          aria-label={`Filter transcript: ${describeEdge(edge)}`}
          title={describeEdge(edge)}
          onClick={(event) => {
            // React bubbles through the portal to the edge's own click handler: select once.
            event.stopPropagation();
            select(edge.from, edge.to);
          }}
          // Above every edge path (the badges are the edges' click targets), below nodes.
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: "all", zIndex: 2 }}
          className={`nodrag nopan absolute rounded-full border px-1.5 text-[10px] font-semibold leading-4 ${
            selected ? "border-brand-600 bg-brand-600 text-white" : edge.blocked > 0 ? "border-red-300 bg-red-50 text-red-800" : edge.flagged > 0 ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-600"
          }`}
        >
          {edge.messages}
        </button>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { agent: AgentNode };
const edgeTypes = { flow: FlowEdgeView };

export function FlowGraphView({
  graph,
  selection,
  highlight,
  onSelect,
}: {
  graph: FlowGraphTotals;
  selection: GraphSelection;
  highlight: GraphHighlight | null;
  onSelect: (selection: GraphSelection) => void;
}) {
  const positions = useMemo(() => layoutFlowGraph(graph), [graph]);
  const nodes = useMemo<AgentNodeType[]>(
    () =>
      graph.nodes.map((n) => ({
        id: n.agent,
        type: "agent",
        position: positions.get(n.agent) ?? { x: 0, y: 0 },
        data: {
          node: n,
          selected: selection?.type === "node" && selection.agent === n.agent,
          role: highlight?.origin === n.agent ? "origin" : highlight?.reached.has(n.agent) ? "reached" : null,
        },
        connectable: false,
      })),
    [graph, positions, selection, highlight],
  );
  const edges = useMemo<FlowEdgeType[]>(
    () =>
      // Marked and busy edges last, so they are drawn on top of the others (same layer: a
      // raised zIndex would lift them over the count badges too).
      [...graph.edges]
        .sort((a, b) => Number(a.marked) - Number(b.marked) || a.messages - b.messages)
        .map((e) => {
          const selected = selection?.type === "edge" && selection.from === e.from && selection.to === e.to;
          return {
            id: e.id,
            source: e.from,
            target: e.to,
            type: "flow",
            data: { edge: e, selected },
            markerEnd: { type: MarkerType.ArrowClosed, color: selected ? "#2458c2" : edgeColour(e), width: 14, height: 14 },
          };
        }),
    [graph, selection],
  );

  return (
    <SelectEdge.Provider value={(from, to) => onSelect({ type: "edge", from, to })}>
      <div className="h-[36rem] rounded-lg border border-slate-200 bg-slate-50" data-testid="flow-graph">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={(_, node) => onSelect({ type: "node", agent: node.id })}
          onEdgeClick={(_, edge) => onSelect({ type: "edge", from: edge.source, to: edge.target })}
          nodesConnectable={false}
          nodesDraggable
          fitView
          fitViewOptions={{ padding: 0.15 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: false }}
        />
      </div>
    </SelectEdge.Provider>
  );
}
