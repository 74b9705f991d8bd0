import { describe, expect, it } from "vitest";
import type { CanonicalTranscript } from "../canonical";
import { parseTranscript } from "./index";
import { fixtureJson, v04ConsoleCell, v04ParsedDict, v04TaskResult } from "./fixtures/load";
import { expectWellFormed, flow, parseOk } from "./testing";

/** What both renderings of a run must agree on. */
function shape(t: CanonicalTranscript) {
  return t.messages.map((m) => ({
    sender: m.sender,
    kind: m.kind,
    recipients: m.recipientsExplicit ? m.recipients : "*",
    toolName: m.toolName ?? null,
    toolCallId: m.toolCallId ?? null,
    toolArguments: m.toolArguments ?? null,
  }));
}

describe("AutoGen 0.4 TaskResult JSON (real runs)", () => {
  it("parses a Swarm run: tool calls, results, handoffs with targets", () => {
    const t = parseOk(v04TaskResult("swarm.cell16"));
    expect(t.format).toBe("autogen_v04");
    expectWellFormed(t);
    expect(t.participants).toEqual(["user", "planner", "financial_analyst", "news_analyst", "writer"]);
    expect(flow(t).slice(0, 7)).toEqual([
      "user>*:text",
      "planner>planner:tool_call",
      "planner>planner:tool_result",
      "planner>financial_analyst:handoff",
      "financial_analyst>financial_analyst:tool_call",
      "financial_analyst>financial_analyst:tool_result",
      "financial_analyst>*:text",
    ]);
    const handoffs = t.messages.filter((m) => m.kind === "handoff").map((m) => `${m.sender}->${m.recipients.join()}`);
    expect(handoffs).toEqual([
      "planner->financial_analyst",
      "financial_analyst->planner",
      "planner->news_analyst",
      "news_analyst->planner",
      "planner->writer",
      "writer->planner",
    ]);
    expect(t.messages[4]).toMatchObject({
      toolName: "get_stock_data",
      toolCallId: "call_SAXy1ebtA9mnaZo4ztpD2xHA",
      toolArguments: '{"symbol":"TSLA"}',
      content: 'get_stock_data({"symbol":"TSLA"})',
      metadata: { type: "ToolCallRequestEvent", models_usage: { prompt_tokens: 136, completion_tokens: 16 } },
    });
    // Results name no tool in this release; the name comes from the matching call.
    expect(t.messages[5]).toMatchObject({ toolName: "get_stock_data", toolCallId: "call_SAXy1ebtA9mnaZo4ztpD2xHA" });
    expect(t.messages[5]?.content).toMatch(/^\{'price': 180.25/);
    expect(t.messages.at(-1)).toMatchObject({ sender: "planner", content: "TERMINATE", kind: "text" });
  });

  it("parses thoughts and tool summaries (SelectorGroupChat)", () => {
    const t = parseOk(v04TaskResult("selector-group-chat.cell20"));
    expectWellFormed(t);
    const thought = t.messages.find((m) => m.kind === "thought");
    expect(thought).toMatchObject({ sender: "WebSearchAgent", recipients: ["WebSearchAgent"], recipientsExplicit: true, seq: 5 });
    expect(thought?.content).toMatch(/^The Miami Heat player with the highest points/);
    expect(t.messages[4]).toMatchObject({ kind: "text", sender: "WebSearchAgent", recipientsExplicit: false, metadata: { type: "ToolCallSummaryMessage" } });
    expect(t.messages[13]).toMatchObject({ kind: "tool_result", toolName: "percentage_change_tool", content: "85.98130841121495" });
  });

  it("keeps user-input requests as system events of the user proxy", () => {
    const t = parseOk(v04TaskResult("selector-group-chat.cell31"));
    expectWellFormed(t);
    const requests = t.messages.filter((m) => m.metadata?.type === "UserInputRequestedEvent");
    expect(requests).toHaveLength(3);
    expect(requests.every((m) => m.kind === "system" && m.sender === "UserProxyAgent" && m.recipients.join() === "UserProxyAgent")).toBe(true);
    expect(typeof requests[0]?.metadata?.request_id).toBe("string");
  });

  it("renders memory queries as system text and keeps created_at", () => {
    const t = parseOk(v04TaskResult("memory.cell3"));
    expectWellFormed(t);
    expect(flow(t)).toEqual([
      "user>*:text",
      "assistant_agent>assistant_agent:system",
      "assistant_agent>assistant_agent:tool_call",
      "assistant_agent>assistant_agent:tool_result",
      "assistant_agent>*:text",
    ]);
    expect(t.messages[1]?.content).toBe("The weather should be in metric units\nMeal recipe must be vegan");
    expect(t.messages[0]?.createdAt).toBe("2025-07-01T23:53:08.867Z");
  });

  it("keeps a created_at PostgreSQL cannot store as raw metadata, not as the message's time", () => {
    for (const createdAt of [8.64e15, "0000-06-01T00:00:00Z", "+020000-01-01T00:00:00Z"]) {
      const t = parseOk({ messages: [{ type: "TextMessage", source: "user", content: "hi", created_at: createdAt }] });
      expect(t.messages[0]?.createdAt).toBeUndefined();
      expect(t.messages[0]?.metadata?.raw_created_at).toBe(String(createdAt));
    }
  });

  it("reads message ids and timestamps of newer releases (GraphFlow)", () => {
    const t = parseOk(v04TaskResult("graph-flow.cell10"));
    expectWellFormed(t);
    expect(t.messages.map((m) => m.sender)).toEqual(["user", "generator", "reviewer", "summary"]);
    expect(t.messages[0]?.metadata?.id).toBe("eca90b4f-a8cc-4f06-9b42-d8387caf338e");
    expect(t.messages[0]?.createdAt).toBe("2025-07-15T01:48:51.648Z");
  });

  it("accepts early 0.4 dumps that carry no `type`", () => {
    const t = parseOk(v04TaskResult("tutorial__termination.cell5"));
    expect(t.format).toBe("autogen_v04");
    expect(flow(t)).toEqual(["user>*:text", "primary>*:text", "critic>*:text"]);
  });

  it("accepts a bare list of messages (agent.on_messages inner messages)", () => {
    const t = parseOk(v04TaskResult("tutorial__agents.cell5"));
    expect(flow(t)).toEqual(["user>*:text", "assistant>assistant:tool_call", "assistant>assistant:tool_result", "assistant>*:text"]);
    expect(t.messages[1]).toMatchObject({ toolName: "web_search", toolCallId: "call_703i17OLXfztkuioUbkESnea", toolArguments: '{"query":"AutoGen"}' });
  });

  it("reads the manager's message_thread from a saved TeamState, and llm_messages from agent state", () => {
    const team = parseOk(v04ParsedDict("tutorial__state", 10));
    expect(team.format).toBe("autogen_v04");
    expect(flow(team)).toEqual(["user>*:text", "assistant_agent>*:text"]);
    expect(team.messages[1]?.metadata?.models_usage).toEqual({ prompt_tokens: 29, completion_tokens: 34 });
    const agent = parseOk(v04ParsedDict("tutorial__state", 2));
    expect(agent.messages.map((m) => [m.sender, m.metadata?.type])).toEqual([
      ["user", "UserMessage"],
      ["assistant_agent", "AssistantMessage"],
    ]);
  });

  it("parses a model-level handoff history (UserMessage / AssistantMessage / FunctionExecutionResultMessage)", () => {
    const t = parseOk(fixtureJson("v04/json/core_streaming_handoffs_history-wile_e_coyote_1.json"));
    expectWellFormed(t);
    expect(flow(t)).toEqual([
      "User>*:text",
      "TriageAgent>*:text",
      "User>*:text",
      "TriageAgent>TriageAgent:tool_call",
      "TriageAgent>TriageAgent:tool_result",
      "IssuesAndRepairsAgent>*:text",
    ]);
    expect(t.messages[4]).toMatchObject({ toolName: "transfer_to_issues_and_repairs", toolCallId: "call_iRnHdOjAk80LBNwPxMdxwwqM" });
  });

  it("names the field that does not fit", () => {
    const doc = structuredClone(v04TaskResult("swarm.cell16")) as { messages: Record<string, unknown>[] };
    delete doc.messages[3]?.target;
    expect(parseTranscript(doc)).toMatchObject({ ok: false, error: { field: "transcript.messages[3].target" } });
    const doc2 = structuredClone(v04TaskResult("swarm.cell16")) as { messages: Record<string, unknown>[] };
    (doc2.messages[1] as Record<string, unknown>).content = "not a list";
    expect(parseTranscript(doc2, "autogen_v04")).toMatchObject({ ok: false, error: { field: "transcript.messages[1].content" } });
    expect(parseTranscript(doc2, "autogen_v02")).toMatchObject({ ok: false, error: { field: "transcript.messages[0].role" } });
  });
});

describe("AutoGen 0.4 console text (real runs)", () => {
  it.each([
    ["swarm", 16, "swarm.cell16"],
    ["memory", 3, "memory.cell3"],
    ["tutorial__human-in-the-loop", 9, "tutorial__human-in-the-loop.cell9"],
    ["examples__company-research", 10, "examples__company-research.cell10"],
    ["selector-group-chat", 35, "selector-group-chat.cell35"],
  ])("%s cell %i: console and TaskResult of the same run agree", (name, cell, result) => {
    const console = parseOk(v04ConsoleCell(name, cell));
    const json = parseOk(v04TaskResult(result));
    expect(console.format).toBe("autogen_v04_console");
    expectWellFormed(console);
    expect(console.participants).toEqual(json.participants);
    expect(shape(console)).toEqual(shape(json).filter((_, i) => json.messages[i]?.metadata?.type !== "UserInputRequestedEvent"));
  });

  it("reads the newer typed headers and the usage line", () => {
    const t = parseOk(v04ConsoleCell("tutorial__agents", 11));
    expect(flow(t)).toEqual(["user>*:text", "assistant>assistant:tool_call", "assistant>assistant:tool_result", "assistant>*:text"]);
    expect(t.messages[1]).toMatchObject({
      toolName: "web_search",
      toolCallId: "call_HOTRhOzXCBm0zSqZCFbHD7YP",
      toolArguments: '{"query":"AutoGen"}',
      metadata: { type: "ToolCallRequestEvent", models_usage: { prompt_tokens: 61, completion_tokens: 16 } },
    });
  });

  it("keeps tool stdout printed after a call as notes, and skips the Summary block", () => {
    const t = parseOk(v04ConsoleCell("examples__company-research", 10));
    expect(t.messages[1]?.metadata?.console_notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Plot saved as/)]));
    expect(t.messages.some((m) => m.sender === "Summary")).toBe(false);
    const quick = parseOk(v04ConsoleCell("quickstart", 4));
    expect(quick.messages[2]).toMatchObject({ kind: "tool_result", content: "The weather in New York is 73 degrees and Sunny.", toolCallId: "call_bE5CYAwB7OlOdNAyPjwOkej1" });
  });
});
