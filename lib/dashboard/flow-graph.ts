// The message-flow graph of a conversation (and, summed, of all conversations in a range):
// agents as nodes, one edge per sender -> recipient pair weighted by the messages that passed,
// marked where flagged or blocked content travelled. Clicking a node or an edge filters the
// transcript with messagesOfNode / messagesOnEdge, which apply the same rules as the graph so
// the filtered list always has as many messages as the edge or node says.
//
// Rules (from the canonical transcript, lib/ingest/canonical.ts):
//  - Recipients are taken as stored. A broadcast (recipientsExplicit: false, "every other
//    participant") counts once on EVERY sender -> recipient edge, and is counted separately
//    from direct messages so the UI can draw broadcast-only edges lighter.
//  - Tool calls and results go where the data says: AutoGen 0.4 records a tool call and its
//    result as addressed to the calling agent itself (a self-loop edge); a transcript naming a
//    tool-executor agent gets a caller -> executor edge. Self-loops are kept and flagged
//    `selfLoop` so the UI can draw them as loops (or hide them) rather than lose tool traffic.
//  - A message without recipients (a lone agent's broadcast) counts on its sender's node only.
//
// Pure: no database, no React.
import type { MessageKind } from "@/lib/ingest/canonical";

export type FlowVerdict = "allowed" | "flagged" | "blocked";

/** What the graph needs of a stored Message (+ its ScanEvent's verdict and categories). */
export interface FlowMessage {
  seq: number;
  sender: string;
  recipients: readonly string[];
  recipientsExplicit: boolean;
  kind: MessageKind;
  /** null: not scanned. */
  verdict: FlowVerdict | null;
  categories: readonly string[];
}

export interface FlowNode {
  agent: string;
  /** Messages this agent sent (all kinds, tool calls included). */
  sent: number;
  /** Messages addressed to it, broadcasts included. */
  received: number;
  /** Of the messages it sent, how many were flagged / blocked. */
  flagged: number;
  blocked: number;
  toolCalls: number;
  /** Conversations it appears in (1 for a single conversation's graph). */
  conversations: number;
}

export type EdgeMode = "direct" | "broadcast" | "mixed";

export interface FlowEdge {
  /** Unique for the (from, to) pair whatever characters agent names contain. */
  id: string;
  from: string;
  to: string;
  /** Weight: messages that travelled from -> to (direct + broadcast). */
  messages: number;
  direct: number;
  broadcast: number;
  /** "broadcast" when every message on it was a broadcast: draw it lighter. */
  mode: EdgeMode;
  flagged: number;
  blocked: number;
  /** Flagged or blocked content travelled this edge. */
  marked: boolean;
  selfLoop: boolean;
  /** Messages per kind, e.g. { text: 3, tool_call: 1 }. */
  kinds: Partial<Record<MessageKind, number>>;
  /** Findings' categories of the flagged/blocked messages on the edge, counted per message. */
  categories: Record<string, number>;
  conversations: number;
}

export interface FlowGraph {
  /** In order of first appearance, so a layout stays stable as messages arrive. */
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Messages considered (each counted once, however many edges it is on). */
  messageCount: number;
}

export function edgeId(from: string, to: string): string {
  return JSON.stringify([from, to]);
}

function edgeMode(direct: number, broadcast: number): EdgeMode {
  return broadcast === 0 ? "direct" : direct === 0 ? "broadcast" : "mixed";
}

/** Recipients of one message, each once (a duplicated name must not double an edge). */
function uniqueRecipients(m: Pick<FlowMessage, "recipients">): string[] {
  return [...new Set(m.recipients)];
}

/** The flow graph of one conversation. Messages are taken in seq order. */
export function buildFlowGraph(messages: readonly FlowMessage[]): FlowGraph {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  const nodes = new Map<string, FlowNode>();
  const edges = new Map<string, FlowEdge>();
  const node = (agent: string): FlowNode => {
    let n = nodes.get(agent);
    if (!n) nodes.set(agent, (n = { agent, sent: 0, received: 0, flagged: 0, blocked: 0, toolCalls: 0, conversations: 1 }));
    return n;
  };

  for (const m of ordered) {
    const from = node(m.sender);
    from.sent++;
    if (m.verdict === "flagged") from.flagged++;
    if (m.verdict === "blocked") from.blocked++;
    if (m.kind === "tool_call") from.toolCalls++;
    const risky = m.verdict === "flagged" || m.verdict === "blocked";
    for (const to of uniqueRecipients(m)) {
      node(to).received++;
      const id = edgeId(m.sender, to);
      let e = edges.get(id);
      if (!e) {
        e = { id, from: m.sender, to, messages: 0, direct: 0, broadcast: 0, mode: "direct", flagged: 0, blocked: 0, marked: false, selfLoop: m.sender === to, kinds: {}, categories: {}, conversations: 1 };
        edges.set(id, e);
      }
      e.messages++;
      if (m.recipientsExplicit) e.direct++;
      else e.broadcast++;
      e.mode = edgeMode(e.direct, e.broadcast);
      e.kinds[m.kind] = (e.kinds[m.kind] ?? 0) + 1;
      if (m.verdict === "flagged") e.flagged++;
      if (m.verdict === "blocked") e.blocked++;
      if (risky) {
        e.marked = true;
        for (const c of new Set(m.categories)) e.categories[c] = (e.categories[c] ?? 0) + 1;
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], messageCount: ordered.length };
}

/**
 * Sum of several graphs (the per-agent graph across the conversations of a range): counts
 * add up, `conversations` counts the graphs a node or edge appears in, order is first
 * appearance across the list (pass conversations oldest first for a stable layout).
 */
export function mergeFlowGraphs(graphs: readonly FlowGraph[]): FlowGraph {
  const nodes = new Map<string, FlowNode>();
  const edges = new Map<string, FlowEdge>();
  let messageCount = 0;
  for (const g of graphs) {
    messageCount += g.messageCount;
    for (const n of g.nodes) {
      const acc = nodes.get(n.agent);
      if (!acc) {
        nodes.set(n.agent, { ...n });
        continue;
      }
      acc.sent += n.sent;
      acc.received += n.received;
      acc.flagged += n.flagged;
      acc.blocked += n.blocked;
      acc.toolCalls += n.toolCalls;
      acc.conversations += n.conversations;
    }
    for (const e of g.edges) {
      const acc = edges.get(e.id);
      if (!acc) {
        edges.set(e.id, { ...e, kinds: { ...e.kinds }, categories: { ...e.categories } });
        continue;
      }
      acc.messages += e.messages;
      acc.direct += e.direct;
      acc.broadcast += e.broadcast;
      acc.mode = edgeMode(acc.direct, acc.broadcast);
      acc.flagged += e.flagged;
      acc.blocked += e.blocked;
      acc.marked ||= e.marked;
      acc.conversations += e.conversations;
      for (const [k, v] of Object.entries(e.kinds) as [MessageKind, number][]) acc.kinds[k] = (acc.kinds[k] ?? 0) + v;
      for (const [k, v] of Object.entries(e.categories)) acc.categories[k] = (acc.categories[k] ?? 0) + v;
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], messageCount };
}

/** The per-agent graph across conversations: build each conversation's graph, then sum. */
export function buildAgentFlowGraph(conversations: readonly (readonly FlowMessage[])[]): FlowGraph {
  return mergeFlowGraphs(conversations.map(buildFlowGraph));
}

/** A node as the range graph can count it exactly from the edge rollup (no tool calls, no conversations). */
export type FlowNodeTotals = Omit<FlowNode, "toolCalls" | "conversations">;
/** An edge as the range graph can count it exactly from the edge rollup (no kinds, categories or conversations). */
export type FlowEdgeTotals = Omit<FlowEdge, "kinds" | "categories" | "conversations">;
/** What the graph view draws: a conversation's FlowGraph or the Agents page's range graph. */
export interface FlowGraphTotals {
  nodes: FlowNodeTotals[];
  edges: FlowEdgeTotals[];
  messageCount: number;
  /** The Agents page's range graph draws the busiest agents only: how many nodes and edges it left out. */
  omitted?: { nodes: number; edges: number };
}

/**
 * Summed messages of one sender -> recipient pair; recipient "" is the sender's own row
 * (messages sent, of them flagged / blocked), counted once per message (MessageEdgeHour).
 */
export interface EdgeTotalsRow {
  sender: string;
  recipient: string;
  messages: number;
  broadcast: number;
  flagged: number;
  blocked: number;
}

/** An edge of the range graph from its summed row (recipient not ""). */
export function edgeFromTotals(r: EdgeTotalsRow): FlowEdgeTotals {
  const direct = r.messages - r.broadcast;
  return {
    id: edgeId(r.sender, r.recipient),
    from: r.sender,
    to: r.recipient,
    messages: r.messages,
    direct,
    broadcast: r.broadcast,
    mode: edgeMode(direct, r.broadcast),
    flagged: r.flagged,
    blocked: r.blocked,
    marked: r.flagged + r.blocked > 0,
    selfLoop: r.sender === r.recipient,
  };
}

/** Nodes by agent name, edges by sender then recipient: the order the graph view lays them out in. */
export function sortedGraph(nodes: FlowNodeTotals[], edges: FlowEdgeTotals[], messageCount: number): FlowGraphTotals {
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    nodes: nodes.sort((a, b) => byName(a.agent, b.agent)),
    edges: edges.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to)),
    messageCount,
  };
}

type Routed = Pick<FlowMessage, "seq" | "sender" | "recipients">;

/** Messages that travelled from -> to (clicking an edge), in seq order; as many as the edge's weight. */
export function messagesOnEdge<M extends Routed>(messages: readonly M[], from: string, to: string): M[] {
  return messages.filter((m) => m.sender === from && m.recipients.includes(to)).sort((a, b) => a.seq - b.seq);
}

/**
 * Messages an agent sent or received (clicking a node), in seq order. `role` narrows to one
 * side: "sent" matches the node's `sent` count, "received" its `received` count.
 */
export function messagesOfNode<M extends Routed>(messages: readonly M[], agent: string, role: "any" | "sent" | "received" = "any"): M[] {
  return messages
    .filter((m) => {
      const sent = m.sender === agent;
      const received = m.recipients.includes(agent);
      return role === "sent" ? sent : role === "received" ? received : sent || received;
    })
    .sort((a, b) => a.seq - b.seq);
}
