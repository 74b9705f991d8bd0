import { describe, expect, it } from "vitest";
import { generateDemoConversations } from "@/lib/demo/generate";
import { fixtureJson, v02Extracted, v04TaskResult } from "@/lib/ingest/adapters/fixtures/load";
import { buildAgentFlowGraph, buildFlowGraph, edgeFromTotals, edgeId, mergeFlowGraphs, messagesOfNode, messagesOnEdge, sortedGraph, type FlowGraph, type FlowMessage } from "./flow-graph";
import { DEMO_NOW, demoInjection, parsed, scanned, unscanned } from "./testing";

// Real transcripts: a Magentic-One group chat with explicit "Orchestrator (-> WebSurfer)"
// recipients, an AG2 group chat of broadcasts, AutoGen 0.4 TaskResults with tool calls.
const magentic = unscanned(parsed(fixtureJson("who_and_when/hand-crafted-47.json")));
const ag2 = unscanned(parsed(v02Extracted("agentchat_groupchat_customized")));
const selector = unscanned(parsed(v04TaskResult("selector-group-chat.cell31")));
const swarm = unscanned(parsed(v04TaskResult("swarm.cell16")));

const edge = (g: FlowGraph, from: string, to: string) => {
  const e = g.edges.find((x) => x.id === edgeId(from, to));
  if (!e) throw new Error(`no edge ${from} -> ${to}`);
  return e;
};
const node = (g: FlowGraph, agent: string) => {
  const n = g.nodes.find((x) => x.agent === agent);
  if (!n) throw new Error(`no node ${agent}`);
  return n;
};

describe("buildFlowGraph on a Magentic-One transcript (explicit recipients)", () => {
  const g = buildFlowGraph(magentic);

  it("has one node per agent, in order of first appearance", () => {
    expect(g.nodes.map((n) => n.agent)).toEqual(["user", "Orchestrator", "WebSurfer", "FileSurfer", "ComputerTerminal", "Assistant"]);
    expect(g.messageCount).toBe(magentic.length);
    expect(g.nodes.reduce((s, n) => s + n.sent, 0)).toBe(magentic.length);
  });

  it("weights Orchestrator -> FileSurfer by its 8 directed instructions plus the final broadcast stop", () => {
    expect(edge(g, "Orchestrator", "FileSurfer")).toMatchObject({ messages: 9, direct: 8, broadcast: 1, mode: "mixed", kinds: { text: 8, stop: 1 }, selfLoop: false });
    expect(edge(g, "Orchestrator", "WebSurfer")).toMatchObject({ messages: 4, direct: 3, broadcast: 1, mode: "mixed" });
  });

  it("marks edges that only ever carried broadcasts as broadcast", () => {
    expect(edge(g, "WebSurfer", "Orchestrator")).toMatchObject({ messages: 3, direct: 0, broadcast: 3, mode: "broadcast" });
    expect(edge(g, "Orchestrator", "user")).toMatchObject({ messages: 1, mode: "broadcast", kinds: { stop: 1 } });
    // WebSurfer's broadcasts reach FileSurfer too, though the Orchestrator never addressed them to it.
    expect(edge(g, "WebSurfer", "FileSurfer").mode).toBe("broadcast");
  });

  it("keeps the Orchestrator's own ledger thoughts as a self-loop, not as traffic to others", () => {
    const self = edge(g, "Orchestrator", "Orchestrator");
    expect(self.selfLoop).toBe(true);
    expect(self.kinds).toEqual({ thought: self.messages });
    expect(self.messages).toBe(magentic.filter((m) => m.kind === "thought").length);
  });

  it("has no flagged or blocked marks on an unscanned transcript", () => {
    expect(g.edges.some((e) => e.marked || e.flagged > 0 || e.blocked > 0)).toBe(false);
  });
});

describe("buildFlowGraph on an AG2 group chat (broadcasts only)", () => {
  const g = buildFlowGraph(ag2);
  it("puts each broadcast on every sender -> other participant edge, all marked broadcast", () => {
    expect(g.nodes.map((n) => n.agent).sort()).toEqual(["Engineer", "Executor", "Planner", "Scientist", "assistant"]);
    expect(g.edges).toHaveLength(20); // 5 speakers x 4 others
    expect(g.edges.every((e) => e.mode === "broadcast" && e.direct === 0)).toBe(true);
    expect(edge(g, "assistant", "Planner").messages).toBe(3); // task, "Approve", TERMINATE
    expect(node(g, "assistant")).toMatchObject({ sent: 3, received: 4 });
  });
});

describe("buildFlowGraph with tool calls", () => {
  it("draws AutoGen 0.4 tool calls and results as the caller's self-loop, counted by kind", () => {
    const g = buildFlowGraph(selector);
    expect(edge(g, "WebSearchAgent", "WebSearchAgent")).toMatchObject({ selfLoop: true, mode: "direct", kinds: { tool_call: 3, tool_result: 3 }, messages: 6 });
    expect(edge(g, "DataAnalystAgent", "DataAnalystAgent").kinds).toEqual({ tool_call: 1, tool_result: 1 });
    expect(node(g, "WebSearchAgent").toolCalls).toBe(3);
    expect(g.edges.filter((e) => e.from !== e.to).every((e) => !e.kinds.tool_call && !e.kinds.tool_result)).toBe(true);
  });

  it("draws swarm handoffs as direct edges beside the broadcasts", () => {
    const g = buildFlowGraph(swarm);
    expect(edge(g, "planner", "financial_analyst")).toMatchObject({ direct: 1, broadcast: 1, mode: "mixed", kinds: { handoff: 1, text: 1 } });
    expect(edge(g, "planner", "planner").kinds).toMatchObject({ tool_call: 3, tool_result: 3 });
  });

  it("draws a tool call addressed to an executor agent as caller -> executor, and its result back", () => {
    const g = buildFlowGraph(
      unscanned(
        parsed(
          {
            messages: [
              { sender: "coder", recipients: ["executor"], kind: "tool_call", tool_name: "run", tool_arguments: "{}", tool_call_id: "c1" },
              { sender: "executor", kind: "tool_result", tool_call_id: "c1", content: "ok" },
            ],
          },
          "warden",
        ),
      ),
    );
    expect(edge(g, "coder", "executor")).toMatchObject({ kinds: { tool_call: 1 }, direct: 1 });
    expect(edge(g, "executor", "coder")).toMatchObject({ kinds: { tool_result: 1 } });
    expect(node(g, "coder").toolCalls).toBe(1);
  });
});

describe("buildFlowGraph with verdicts (the demo injection, scanned)", () => {
  const g = buildFlowGraph(demoInjection().messages);

  it("marks the edges the blocked injection and the blocked reverse shell travelled", () => {
    expect(edge(g, "web_surfer", "coder")).toMatchObject({ marked: true, blocked: 1, flagged: 0, mode: "broadcast" });
    expect(edge(g, "web_surfer", "coder").categories).toMatchObject({ prompt_injection: 1, code_execution: 1 });
    expect(edge(g, "coder", "executor")).toMatchObject({ marked: true, blocked: 1, direct: 1, categories: { code_execution: 1 } });
    expect(node(g, "coder")).toMatchObject({ blocked: 1, flagged: 0 });
  });

  it("leaves clean edges unmarked", () => {
    expect(edge(g, "executor", "coder")).toMatchObject({ marked: false, blocked: 0, categories: {} });
    expect(edge(g, "planner", "coder").marked).toBe(false);
    expect(g.edges.filter((e) => e.marked).map((e) => e.from)).toEqual(expect.arrayContaining(["web_surfer", "coder"]));
    expect(new Set(g.edges.filter((e) => e.marked).map((e) => e.from))).toEqual(new Set(["web_surfer", "coder"]));
  });
});

describe("click-to-filter", () => {
  it.each([
    ["magentic", magentic],
    ["ag2", ag2],
    ["selector", selector],
    ["swarm", swarm],
  ] as const)("messagesOnEdge / messagesOfNode return exactly the counts the %s graph shows", (_name, messages: FlowMessage[]) => {
    const g = buildFlowGraph(messages);
    for (const e of g.edges) expect(messagesOnEdge(messages, e.from, e.to)).toHaveLength(e.messages);
    for (const n of g.nodes) {
      expect(messagesOfNode(messages, n.agent, "sent")).toHaveLength(n.sent);
      expect(messagesOfNode(messages, n.agent, "received")).toHaveLength(n.received);
    }
  });

  it("returns the caller's messages in seq order", () => {
    const onEdge = messagesOnEdge([...magentic].reverse(), "Orchestrator", "WebSurfer");
    expect(onEdge.map((m) => m.seq)).toEqual([3, 6, 10, 66]);
    const ofNode = messagesOfNode(magentic, "Assistant");
    expect(ofNode.every((m) => m.sender === "Assistant" || m.recipients.includes("Assistant"))).toBe(true);
    expect(ofNode.map((m) => m.seq)).toEqual([...ofNode.map((m) => m.seq)].sort((a, b) => a - b));
    expect(ofNode.map((m) => m.seq)).toContain(57);
  });
});

describe("aggregate across conversations", () => {
  it("sums counts edge by edge and counts the conversations each appears in", () => {
    const once = buildFlowGraph(magentic);
    const twice = buildAgentFlowGraph([magentic, magentic]);
    expect(twice.messageCount).toBe(2 * magentic.length);
    expect(edge(twice, "Orchestrator", "FileSurfer")).toMatchObject({ messages: 18, direct: 16, broadcast: 2, mode: "mixed", conversations: 2, kinds: { text: 16, stop: 2 } });
    expect(node(twice, "Orchestrator").sent).toBe(2 * node(once, "Orchestrator").sent);
    // The input graphs are not mutated by merging.
    expect(edge(once, "Orchestrator", "FileSurfer").messages).toBe(9);
  });

  it("unions agents of different conversations and keeps marks (demo: ordinary work plus the injection)", () => {
    const demo = generateDemoConversations(DEMO_NOW);
    const convs = [...demo.slice(0, 3), demo.find((c) => c.id === "demo-incident-web-injection")!].map((c) => scanned(parsed({ messages: c.messages }, "warden")));
    const all = buildAgentFlowGraph(convs);
    const parts = convs.map(buildFlowGraph);
    const sum = (from: string, to: string) => parts.reduce((s, p) => s + (p.edges.find((e) => e.id === edgeId(from, to))?.messages ?? 0), 0);
    expect(edge(all, "coder", "executor").messages).toBe(sum("coder", "executor"));
    expect(edge(all, "coder", "executor")).toMatchObject({ marked: true, blocked: 1, conversations: 4 });
    expect(all.nodes.map((n) => n.agent).sort()).toEqual(["coder", "executor", "planner", "reviewer", "user_proxy", "web_surfer"]);
    expect(mergeFlowGraphs([]).nodes).toEqual([]);
  });
});

describe("edges of the Agents page's range graph (edgeFromTotals, sortedGraph)", () => {
  it("marks broadcast-only, mixed and direct edges, loops and edges with flagged or blocked messages, in sender then recipient order", () => {
    const graph = sortedGraph(
      [],
      [
        { sender: "web_surfer", recipient: "coder", messages: 3, broadcast: 3, flagged: 0, blocked: 1 },
        { sender: "coder", recipient: "coder", messages: 2, broadcast: 0, flagged: 0, blocked: 0 },
        { sender: "web_surfer", recipient: "planner", messages: 3, broadcast: 2, flagged: 0, blocked: 0 },
      ].map(edgeFromTotals),
      8,
    );
    expect(graph.messageCount).toBe(8);
    expect(graph.edges.map(({ id, mode, direct, marked, selfLoop }) => ({ id, mode, direct, marked, selfLoop }))).toEqual([
      { id: edgeId("coder", "coder"), mode: "direct", direct: 2, marked: false, selfLoop: true },
      { id: edgeId("web_surfer", "coder"), mode: "broadcast", direct: 0, marked: true, selfLoop: false },
      { id: edgeId("web_surfer", "planner"), mode: "mixed", direct: 1, marked: false, selfLoop: false },
    ]);
  });
});
