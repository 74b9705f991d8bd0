import { describe, expect, it } from "vitest";
import type { TranscriptFormat } from "../canonical";
import { TRANSCRIPT_FORMATS, detectFormat, parseTranscript } from "./index";
import { fixtureJson, v02ConsoleCell, v02Extracted, v04ConsoleCell, v04ParsedDict, v04TaskResult } from "./fixtures/load";

const cases: [string, () => unknown, TranscriptFormat][] = [
  ["chat_history list", () => v02Extracted("agentchat_function_call_currency_calculator"), "autogen_v02"],
  ["ChatResult object", () => v02Extracted("agentchat_groupchat_customized"), "autogen_v02"],
  ["ChatResult FSM group chat", () => v02Extracted("agentchat_groupchat_finite_state_machine"), "autogen_v02"],
  ["ChatResult GPTAssistant group chat", () => v02Extracted("gpt_assistant_agent_function_call"), "autogen_v02"],
  ["Who&When algorithm-generated", () => fixtureJson("who_and_when/algorithm-generated-12.json"), "autogen_v02"],
  ["Who&When hand-crafted", () => fixtureJson("who_and_when/hand-crafted-6.json"), "autogen_v02"],
  ["chat_messages mapping", () => ({ chatbot: v02Extracted("agentchat_function_call_currency_calculator") }), "autogen_v02_chat_messages"],
  ["0.2 console", () => v02ConsoleCell("agentchat_function_call_currency_calculator", 13), "autogen_v02_console"],
  ["TaskResult", () => v04TaskResult("swarm.cell16"), "autogen_v04"],
  ["TaskResult without types", () => v04TaskResult("tutorial__termination.cell5"), "autogen_v04"],
  ["message list", () => v04TaskResult("tutorial__agents.cell5"), "autogen_v04"],
  ["TeamState", () => v04ParsedDict("tutorial__state", 10), "autogen_v04"],
  ["AssistantAgentState", () => v04ParsedDict("tutorial__state", 2), "autogen_v04"],
  ["LLM history", () => fixtureJson("v04/json/core_streaming_handoffs_history-wile_e_coyote_1.json"), "autogen_v04"],
  ["0.4 console", () => v04ConsoleCell("swarm", 16), "autogen_v04_console"],
  ["0.4 console, typed headers", () => v04ConsoleCell("graph-flow", 6), "autogen_v04_console"],
  ["warden", () => ({ messages: [{ sender: "a", content: "hi" }] }), "warden"],
  ["warden bare list", () => [{ sender: "a", content: "hi" }], "warden"],
];

describe("format detection", () => {
  it.each(cases)("%s → %s", (_, load, expected) => {
    const transcript = load();
    expect(detectFormat(transcript)).toBe(expected);
    const r = parseTranscript(transcript);
    expect(r.ok && r.value.format).toBe(expected);
  });

  it("rejects unknown shapes, listing the accepted formats", () => {
    const unknown: unknown[] = [
      fixtureJson("v04/json/studio_team.json"), // a team *configuration*, not a transcript
      { foo: 1 },
      [],
      [1, 2, 3],
      "just some prose with no headers",
      42,
      null,
      undefined,
      { messages: [] },
      { history: [{ sender: "x" }] },
    ];
    for (const t of unknown) {
      const r = parseTranscript(t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.acceptedFormats).toEqual([...TRANSCRIPT_FORMATS]);
    }
  });

  it("a named format that does not fit is an error naming the field", () => {
    const r = parseTranscript(v04TaskResult("swarm.cell16"), "warden");
    expect(r).toMatchObject({ ok: false, error: { field: "transcript.messages[0].sender" } });
    const c = parseTranscript(v02ConsoleCell("agentchat_function_call_currency_calculator", 13), "autogen_v04_console");
    expect(c).toMatchObject({ ok: false, error: { field: "transcript" } });
    const f = parseTranscript([], "nonsense" as TranscriptFormat);
    expect(f).toMatchObject({ ok: false, error: { field: "format" } });
  });
});
