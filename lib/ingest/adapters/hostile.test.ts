import { describe, expect, it } from "vitest";
import { LIMITS, type TranscriptFormat } from "../canonical";
import { parseOk } from "./testing";
import { TRANSCRIPT_FORMATS, parseTranscript } from "./index";
import { v02Extracted, v04TaskResult } from "./fixtures/load";

function deeplyNested(depth: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
}

/** Parses with auto-detection and with every named format; none may throw. */
function neverThrows(transcript: unknown): void {
  const formats: (TranscriptFormat | undefined)[] = [undefined, ...TRANSCRIPT_FORMATS];
  for (const f of formats) expect(() => parseTranscript(transcript, f)).not.toThrow();
}

describe("hostile input", () => {
  it("deep nesting returns an error, not a throw", () => {
    const deep = deeplyNested(200_000);
    for (const t of [
      deep,
      [deep],
      { messages: [{ sender: "a", content: "x", metadata: deep }] },
      { messages: [{ source: "a", type: "TextMessage", content: "x", metadata: deep }] },
      [{ role: "user", content: [deep] }],
      [{ role: "assistant", name: "a", tool_calls: [{ id: "1", function: { name: "f", arguments: deep } }] }],
    ]) {
      neverThrows(t);
    }
    const r = parseTranscript([{ role: "assistant", name: "a", tool_calls: [{ id: "1", function: { name: "f", arguments: deeplyNested(100) } }] }]);
    expect(r).toMatchObject({ ok: false, error: { field: "transcript[0].tool_calls[0].function.arguments" } });
  });

  it("too many messages is an error naming where the bound was crossed, never a truncation", () => {
    const many = Array.from({ length: LIMITS.maxMessages + 1 }, (_, i) => ({ sender: `a${i % 3}`, content: "x" }));
    expect(parseTranscript(many)).toMatchObject({ ok: false });
    const v02 = Array.from({ length: LIMITS.maxMessages + 1 }, () => ({ role: "user", name: "a", content: "x" }));
    expect(parseTranscript(v02)).toMatchObject({ ok: false, error: { field: `transcript[${LIMITS.maxMessages}]` } });
    // Splitting tool calls one per message counts against the same bound.
    const calls = Array.from({ length: LIMITS.maxMessages / 2 + 1 }, (_, i) => ({ id: `c${i}`, name: "f", arguments: "{}" }));
    const r = parseTranscript({ messages: [{ source: "a", type: "ToolCallRequestEvent", content: calls }, { source: "a", type: "ToolCallRequestEvent", content: calls }] });
    expect(r).toMatchObject({ ok: false, error: { field: `transcript.messages[1].content[${LIMITS.maxMessages / 2 - 1}]` } });
  });

  it("bounds the recipients of all messages together, a broadcast counting every other participant", () => {
    const group = (participants: number, messages: number) => ({
      participants: Array.from({ length: participants }, (_, i) => `agent-${i}`),
      messages: Array.from({ length: messages }, (_, i) => ({ sender: `agent-${i % participants}`, content: `m${i}` })),
    });
    // 101 participants, 1,000 broadcasts: 100 recipients each, exactly the bound.
    expect(parseOk(group(101, 1_000)).messages.reduce((n, m) => n + m.recipients.length, 0)).toBe(LIMITS.maxRecipientEntries);
    const r = parseTranscript(group(101, 1_001));
    expect(r).toMatchObject({ ok: false, error: { field: "transcript" } });
    expect(r.ok ? "" : r.error.message).toContain(`100100 recipients in all`);
    // A hundred messages among 1,000 participants: each broadcast alone is 999 recipients.
    expect(parseTranscript(group(1_000, 101))).toMatchObject({ ok: false, error: { field: "transcript" } });
    // Explicit recipients count the same.
    const explicit = Array.from({ length: 101 }, (_, i) => ({ sender: "a", recipients: Array.from({ length: 1_000 }, (_, k) => `r${k}`), content: `m${i}` }));
    expect(parseTranscript({ messages: explicit }, "warden")).toMatchObject({ ok: false, error: { field: "transcript" } });
  });

  it("bounds the distinct sender-recipient pairs, the flow graph's edges", () => {
    const group = (participants: number, messages: number) => ({
      participants: Array.from({ length: participants }, (_, i) => `agent-${i}`),
      messages: Array.from({ length: messages }, (_, i) => ({ sender: `agent-${i % participants}`, content: `m${i}` })),
    });
    // 141 agents all writing to everyone: 19,740 pairs, under the bound however long the chat.
    expect(parseOk(group(141, 700)).messages).toHaveLength(700);
    // 150 of them: 22,350 pairs in 150 messages.
    const r = parseTranscript(group(150, 150));
    expect(r).toMatchObject({ ok: false, error: { field: "transcript" } });
    expect(r.ok ? "" : r.error.message).toContain(`${LIMITS.maxRecipientPairs} per request`);
    // 21 senders, each to 1,000 named recipients.
    const named = Array.from({ length: 21 }, (_, i) => ({ sender: `s${i}`, recipients: Array.from({ length: 1_000 }, (_, k) => `r${k}`), content: "x" }));
    expect(parseTranscript({ messages: named }, "warden")).toMatchObject({ ok: false, error: { field: "transcript" } });
    expect(parseOk({ messages: named.slice(0, 20) }, "warden").messages).toHaveLength(20);
  });

  it("content longer than the bound is an error naming the field", () => {
    const huge = "x".repeat(LIMITS.maxContentChars + 1);
    expect(parseTranscript([{ sender: "a", content: huge }])).toMatchObject({ ok: false, error: { field: "transcript[0].content" } });
    const history = structuredClone(v02Extracted("agentchat_function_call_currency_calculator")) as Record<string, unknown>[];
    (history[3] as Record<string, unknown>).content = huge;
    expect(parseTranscript(history)).toMatchObject({ ok: false, error: { field: "transcript[3].content" } });
    const task = structuredClone(v04TaskResult("swarm.cell16")) as { messages: Record<string, unknown>[] };
    (task.messages[6] as Record<string, unknown>).content = huge;
    expect(parseTranscript(task)).toMatchObject({ ok: false, error: { field: "transcript.messages[6].content" } });
    const console = `alice (to bob):\n\n${huge}\n\n${"-".repeat(80)}\n`;
    expect(parseTranscript(console)).toMatchObject({ ok: false, error: { field: "transcript (line 1).content" } });
    // Exactly at the bound is fine.
    expect(parseTranscript([{ sender: "a", content: huge.slice(1) }]).ok).toBe(true);
  });

  it("prototype-pollution keys neither pollute nor crash", () => {
    const payloads = [
      '{"messages":[{"sender":"a","content":"x","metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}]}',
      '{"messages":[{"source":"a","type":"TextMessage","content":"x","metadata":{"__proto__":{"polluted":1}},"models_usage":{"__proto__":{"polluted":1}}}]}',
      '{"__proto__":[{"role":"user","content":"x"}],"constructor":[{"role":"user","content":"y"}]}',
      '[{"role":"user","name":"__proto__","content":"x"},{"role":"user","name":"constructor","content":"y"}]',
      '[{"role":"assistant","name":"a","content":null,"tool_calls":[{"id":"__proto__","function":{"name":"toString","arguments":"{\\"__proto__\\":{\\"polluted\\":1}}"}}]},{"role":"tool","tool_responses":[{"tool_call_id":"__proto__","content":"r"}],"content":"r"}]',
      '{"messages":[{"sender":"a","content":"x","created_at":{"toString":"boom"}}]}',
      '[{"source":"a","type":"TextMessage","content":"x","created_at":{"toString":"boom","valueOf":"boom"}}]',
    ];
    for (const p of payloads) {
      const t = JSON.parse(p) as unknown;
      neverThrows(t);
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    const r = parseTranscript(JSON.parse(payloads[0] ?? ""));
    expect(r.ok && Object.getPrototypeOf(r.value.messages[0]?.metadata)).toBe(Object.prototype);
    const names = parseTranscript(JSON.parse(payloads[3] ?? ""));
    expect(names.ok && names.value.participants).toEqual(["__proto__", "constructor"]);
    const inherited = parseTranscript([{ role: "user", content: "x" }]);
    expect(inherited.ok && inherited.value.messages[0]?.sender).toBe("user");
  });

  it("odd values in every position return errors, not throws", () => {
    const odd: unknown[] = [
      Symbol("s"),
      () => 1,
      10n,
      new Date(0),
      new Map([["a", 1]]),
      [null],
      [[[]]],
      [{ role: null }],
      [{ name: 5 }],
      [{ role: "tool", tool_responses: "x" }],
      [{ role: "assistant", tool_calls: [null] }],
      [{ role: "assistant", tool_calls: [{ function: "f" }] }],
      { messages: [{ source: 1, type: "TextMessage" }] },
      { messages: [{ source: "a", type: 5, content: "x" }] },
      { messages: [{ source: "a", type: "ToolCallExecutionEvent", content: [null] }] },
      { agent_states: { x: null } },
      { type: "TeamState", agent_states: [] },
      { a: [] },
      { a: [{ role: "user", content: "x" }], b: "not a list" },
      "---------- ----------\n",
      `${"(to ".repeat(10_000)}):\n${"-".repeat(80)}`,
      "---------- a ----------\n[FunctionCall(id='1', arguments='{}', name=" + "[".repeat(100_000),
      "---------- a ----------\n[FunctionCall(id='\\U0011ffff', arguments='{}', name='f')]",
    ];
    for (const t of odd) neverThrows(t);
  });
});
