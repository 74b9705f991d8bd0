import { describe, expect, it } from "vitest";
import { parseTranscript } from "./index";
import { v02ConsoleCell, v02ConsoleCells, v02Extracted } from "./fixtures/load";
import { expectWellFormed, flow, parseOk } from "./testing";

const CURRENCY = "agentchat_function_call_currency_calculator";

describe("AutoGen 0.2 console text (real notebook output)", () => {
  it("parses suggested tool calls and tool responses with ids, arguments and addressing", () => {
    const t = parseOk(v02ConsoleCell(CURRENCY, 13));
    expect(t.format).toBe("autogen_v02_console");
    expectWellFormed(t);
    expect(t.participants).toEqual(["chatbot", "user_proxy"]);
    expect(flow(t)).toEqual([
      "chatbot>user_proxy:tool_call",
      "user_proxy>chatbot:tool_result",
      "chatbot>user_proxy:text",
      "user_proxy>chatbot:text",
      "chatbot>user_proxy:text",
    ]);
    const [call, result] = t.messages;
    expect(call).toMatchObject({ toolName: "currency_calculator", toolCallId: "call_9ogJS4d40BT1rXfMn7YJb151" });
    expect(JSON.parse(call?.toolArguments ?? "")).toEqual({ base_amount: 123.45, base_currency: "USD", quote_currency: "EUR" });
    expect(result).toMatchObject({
      toolCallId: "call_9ogJS4d40BT1rXfMn7YJb151",
      toolName: "currency_calculator",
      content: "112.22727272727272 EUR",
      replyTo: "chatbot",
    });
    expect(result?.metadata?.console_notes).toEqual([">>>>>>>> EXECUTING FUNCTION currency_calculator..."]);
    expect(t.messages[3]?.content).toBe("");
  });

  it("agrees with the chat_history JSON of the same run", () => {
    // Cell 21 printed the run whose ChatResult.chat_history cell 22 saved (same call id).
    const console = parseOk(v02ConsoleCell(CURRENCY, 21));
    const json = parseOk(v02Extracted(CURRENCY));
    const jsonTail = json.messages.slice(1); // the console cell starts after the initial request
    expect(console.messages.map((m) => [m.kind, m.content, m.toolCallId ?? null])).toEqual(
      jsonTail.map((m) => [m.kind, m.kind === "tool_call" ? console.messages[0]?.content : m.content, m.toolCallId ?? null]),
    );
    expect(JSON.parse(console.messages[0]?.toolArguments ?? "")).toEqual(JSON.parse(jsonTail[0]?.toolArguments ?? ""));
  });

  it("splits parallel tool calls and reads quoted call ids in a group chat", () => {
    const t = parseOk(v02ConsoleCell("agentchat_function_call_async", 10));
    expectWellFormed(t);
    expect(t.participants).toEqual(["chatbot", "chat_manager", "user_proxy", "Markdown_agent"]);
    expect(flow(t)).toEqual([
      "chatbot>chat_manager:tool_call",
      "chatbot>chat_manager:tool_call",
      "user_proxy>chatbot:tool_result",
      "user_proxy>chatbot:tool_result",
      "Markdown_agent>chat_manager:tool_call",
      "user_proxy>Markdown_agent:tool_result",
    ]);
    expect(t.messages.map((m) => m.toolName)).toEqual(["timer", "stopwatch", "timer", "stopwatch", "terminate_group_chat", "terminate_group_chat"]);
    expect(t.messages[2]).toMatchObject({ toolCallId: "call_qlS3QkcY1NkfgpKtCoR6oGo7", content: "Timer is done!" });
    expect(t.messages[3]).toMatchObject({ toolCallId: "call_TEHlvMgCp0S3RzBbVsVPXWeL", content: "Stopwatch is done!" });
  });

  it("links legacy function calls (no id) to their responses by function name", () => {
    const t = parseOk(v02ConsoleCell("agentchat_inception_function", 1));
    expectWellFormed(t);
    const calls = t.messages.filter((m) => m.kind === "tool_call");
    const results = t.messages.filter((m) => m.kind === "tool_result");
    expect(calls.map((m) => m.toolName)).toEqual(["define_function", "get_url_response_body"]);
    expect(calls.every((m) => m.toolCallId === undefined)).toBe(true);
    expect(results.map((m) => [m.sender, m.recipients, m.toolName])).toEqual([
      ["user_proxy", ["chatbot"], "define_function"],
      ["user_proxy", ["chatbot"], "get_url_response_body"],
    ]);
    expect(JSON.parse(calls[1]?.toolArguments ?? "")).toEqual({ url: "https://echo.free.beeceptor.com/" });
    // Program output printed between messages is not a message.
    expect(t.messages.some((m) => m.content.startsWith("execute_code:"))).toBe(false);
  });

  it("keeps code-execution markers as notes and explicit recipients through a chat manager", () => {
    const t = parseOk(v02ConsoleCell("agentchat_auto_feedback_from_code_execution", 3));
    expectWellFormed(t);
    expect(t.messages.map((m) => m.sender)).toEqual(["user_proxy", "assistant", "user_proxy", "assistant", "user_proxy", "assistant", "user_proxy", "assistant"]);
    expect(t.messages[2]?.content).toMatch(/^exitcode: 1 \(execution failed\)/);
    expect(t.messages[2]?.metadata?.console_notes).toEqual([">>>>>>>> EXECUTING 2 CODE BLOCKS (inferred languages are [python, python])..."]);

    const group = parseOk(v02ConsoleCell("agentchat_groupchat", v02ConsoleCells("agentchat_groupchat")[0] ?? 0));
    expect(group.participants).toEqual(["User_proxy", "chat_manager", "Coder", "Product_manager"]);
    expect(group.messages.every((m) => m.recipientsExplicit && m.recipients[0] === "chat_manager")).toBe(true);
  });

  it("parses every cell of the copied console fixtures without error", () => {
    for (const name of [CURRENCY, "agentchat_function_call_async", "agentchat_inception_function", "agentchat_groupchat", "agentchat_auto_feedback_from_code_execution"]) {
      for (const cell of v02ConsoleCells(name)) {
        const r = parseTranscript(v02ConsoleCell(name, cell));
        expect(r.ok, `${name} cell ${cell}`).toBe(true);
      }
    }
  });

  it("does not mistake message text for a header", () => {
    const text = ["alice (to bob):", "", "note: carol (to dave): is just text", "", "-".repeat(80)].join("\n");
    const t = parseOk(text);
    expect(t.messages).toHaveLength(1);
    expect(t.messages[0]?.content).toBe("note: carol (to dave): is just text");
  });
});
