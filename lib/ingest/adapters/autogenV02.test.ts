import { describe, expect, it } from "vitest";
import { parseTranscript } from "./index";
import { fixtureJson, v02Extracted } from "./fixtures/load";
import { expectWellFormed, flow, parseOk } from "./testing";

describe("AutoGen 0.2 chat_history (real notebook outputs)", () => {
  it("attributes nameless messages by holder-relative role and tool traffic by alternation", () => {
    // user_proxy.initiate_chat(chatbot): the holder (user_proxy) is "assistant", the peer "user";
    // the tool-call message is forced to role assistant but comes from the peer.
    const t = parseOk(v02Extracted("agentchat_function_call_currency_calculator"));
    expect(t.format).toBe("autogen_v02");
    expectWellFormed(t);
    expect(t.participants).toEqual(["assistant", "user"]);
    expect(flow(t)).toEqual([
      "assistant>*:text",
      "user>*:tool_call",
      "assistant>user:tool_result",
      "user>*:text",
      "assistant>*:text",
      "user>*:text",
    ]);
    const [, call, result] = t.messages;
    expect(call).toMatchObject({
      toolName: "currency_calculator",
      toolCallId: "call_Xxol42xTswZHGX60OjvIQRG1",
      metadata: { role: "assistant" },
    });
    expect(JSON.parse(call?.toolArguments ?? "")).toEqual({ base: { currency: "USD", amount: 123.45 }, quote_currency: "EUR" });
    expect(call?.content.startsWith("currency_calculator({")).toBe(true);
    expect(result).toMatchObject({
      toolCallId: "call_Xxol42xTswZHGX60OjvIQRG1",
      toolName: "currency_calculator",
      content: '{"currency":"EUR","amount":112.22727272727272}',
      recipients: ["user"],
      recipientsExplicit: true,
      replyTo: "user",
    });
  });

  it("reads a GroupChat ChatResult: named speakers plus the holder's nameless messages", () => {
    const t = parseOk(v02Extracted("agentchat_groupchat_customized"));
    expectWellFormed(t);
    expect(t.participants).toEqual(["assistant", "Planner", "Engineer", "Executor", "Scientist"]);
    expect(t.messages.map((m) => m.sender)).toEqual(["assistant", "Planner", "assistant", "Engineer", "Executor", "Scientist", "assistant"]);
    expect(t.messages.every((m) => m.kind === "text" && !m.recipientsExplicit)).toBe(true);
    expect(t.messages[3]?.recipients).toEqual(["assistant", "Planner", "Executor", "Scientist"]);
    expect(t.messages[4]?.content).toMatch(/^exitcode: 0 \(execution succeeded\)/);
    expect(t.messages[4]?.replyTo).toBe("Engineer");
  });

  it("uses `name` when every message has one", () => {
    const t = parseOk(v02Extracted("agentchat_huggingface_langchain"));
    expect(flow(t)).toEqual(["user_proxy>*:text", "assistant>*:text"]);
    expect(t.messages[1]?.metadata).toEqual({ role: "user" });
  });

  it("keeps empty messages (they are real turns) and their order", () => {
    const t = parseOk(v02Extracted("agentchat_gemini"));
    expectWellFormed(t);
    expect(t.messages).toHaveLength(12);
    expect(t.messages[1]?.content).toBe("");
    expect(t.messages[3]?.sender).toBe("Coder");
  });
});

describe("Who&When envelope", () => {
  it("parses an AG2 CaptainAgent chat (algorithm-generated)", () => {
    const t = parseOk(fixtureJson("who_and_when/algorithm-generated-1.json"));
    expect(t.format).toBe("autogen_v02");
    expectWellFormed(t);
    expect(t.participants).toEqual(["Excel_Expert", "Computer_terminal", "BusinessLogic_Expert", "DataVerification_Expert"]);
    expect(t.messages.map((m) => m.sender)).toEqual([
      "Excel_Expert",
      "Computer_terminal",
      "BusinessLogic_Expert",
      "Computer_terminal",
      "DataVerification_Expert",
      "DataVerification_Expert",
    ]);
    expect(t.messages[1]?.content).toMatch(/^exitcode: 0/);
    expect(t.messages[5]).toMatchObject({ content: "TERMINATE", replyTo: "DataVerification_Expert", kind: "text" });
  });

  it("parses Magentic-One roles: explicit recipients, thoughts, termination, the human", () => {
    const t = parseOk(fixtureJson("who_and_when/hand-crafted-43.json"));
    expectWellFormed(t);
    expect(t.participants).toEqual(["user", "Orchestrator", "WebSurfer", "Assistant"]);
    expect(flow(t)).toEqual([
      "user>*:text",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>WebSurfer:text",
      "WebSurfer>*:text",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>WebSurfer:text",
      "Orchestrator>Orchestrator:thought",
      "WebSurfer>*:text",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>Assistant:text",
      "Orchestrator>Orchestrator:thought",
      "Assistant>*:text",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>Orchestrator:thought",
      "Orchestrator>*:stop",
    ]);
    expect(t.messages[0]?.metadata).toEqual({ role: "human" });
    expect(t.messages[3]?.metadata).toEqual({ role: "Orchestrator (-> WebSurfer)" });
    expect(t.messages[4]?.replyTo).toBe("Orchestrator");
  });

  it("handles a long run with every Magentic-One agent", () => {
    const doc = fixtureJson("who_and_when/hand-crafted-47.json") as { history: { role: string }[] };
    const t = parseOk(doc);
    expectWellFormed(t);
    expect(t.messages).toHaveLength(67);
    expect(t.participants).toEqual(expect.arrayContaining(["user", "Orchestrator", "WebSurfer", "FileSurfer", "Assistant", "ComputerTerminal"]));
    const toTerminal = t.messages.filter((m) => m.recipientsExplicit && m.recipients[0] === "ComputerTerminal");
    expect(toTerminal.length).toBe(doc.history.filter((m) => m.role === "Orchestrator (-> ComputerTerminal)").length);
    expect(toTerminal.length).toBeGreaterThan(0);
    expect(toTerminal.every((m) => m.sender === "Orchestrator" && m.kind === "text")).toBe(true);
  });
});

describe("AutoGen 0.2 chat_messages mapping", () => {
  // ChatResult.chat_history is the initiator's chat_messages[recipient] list, so the real
  // user_proxy.chat_messages of this notebook is exactly { chatbot: chat_history }.
  const mapping = { chatbot: v02Extracted("agentchat_function_call_currency_calculator") };

  it("addresses every message between the holder (`self`) and the peer", () => {
    const t = parseOk(mapping);
    expect(t.format).toBe("autogen_v02_chat_messages");
    expectWellFormed(t);
    expect(t.participants).toEqual(["self", "chatbot"]);
    expect(flow(t)).toEqual([
      "self>chatbot:text",
      "chatbot>self:tool_call",
      "self>chatbot:tool_result",
      "chatbot>self:text",
      "self>chatbot:text",
      "chatbot>self:text",
    ]);
    expect(t.messages[2]?.toolCallId).toBe("call_Xxol42xTswZHGX60OjvIQRG1");
  });

  it("keeps replyTo within each peer's thread", () => {
    const other = v02Extracted("agentchat_huggingface_langchain") as { chat_history: unknown[] };
    const t = parseOk({ chatbot: mapping.chatbot, assistant: other.chat_history });
    const firstOfSecond = t.messages[6];
    expect(firstOfSecond?.replyTo).toBeNull();
    expect(firstOfSecond?.metadata).toEqual({ role: "assistant" });
  });
});

describe("AutoGen 0.2 shape errors name the field", () => {
  it("rejects a message that is not an object, or a role that is not a string", () => {
    const history = structuredClone(v02Extracted("agentchat_function_call_currency_calculator")) as unknown[];
    const notObject = [...history];
    notObject[4] = "not a message";
    expect(parseTranscript(notObject, "autogen_v02")).toMatchObject({ ok: false, error: { field: "transcript[4]" } });
    const badRole = structuredClone(history) as Record<string, unknown>[];
    (badRole[3] as Record<string, unknown>).role = 7;
    expect(parseTranscript(badRole, "autogen_v02")).toMatchObject({ ok: false, error: { field: "transcript[3].role" } });
  });

  it("rejects a tool call without a function name", () => {
    const history = structuredClone(v02Extracted("agentchat_function_call_currency_calculator")) as { tool_calls?: { function: { name?: unknown } }[] }[];
    const fn = history[1]?.tool_calls?.[0]?.function;
    if (fn) delete fn.name;
    const r = parseTranscript(history);
    expect(r).toMatchObject({ ok: false, error: { field: "transcript[1].tool_calls[0].function.name" } });
  });

  it("rejects a Who&When message without role or name", () => {
    const doc = structuredClone(fixtureJson("who_and_when/hand-crafted-43.json")) as { history: Record<string, unknown>[] };
    delete doc.history[2]?.role;
    const r = parseTranscript(doc, "autogen_v02");
    expect(r).toMatchObject({ ok: false, error: { field: "transcript.history[2].role" } });
  });
});
