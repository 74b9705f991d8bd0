import { describe, expect, it } from "vitest";
import { canonicalTranscriptJsonSchema, type CanonicalMessage, type CanonicalTranscript } from "../canonical";
import { parseTranscript } from "./index";
import { fixtureJson, v04TaskResult } from "./fixtures/load";
import { expectWellFormed, parseOk } from "./testing";

/** Writes a canonical transcript back out in the Warden wire format (snake_case). */
function toWire(t: CanonicalTranscript) {
  return {
    participants: t.participants,
    messages: t.messages.map((m: CanonicalMessage) => ({
      sender: m.sender,
      ...(m.recipientsExplicit ? { recipients: m.recipients } : {}),
      kind: m.kind,
      content: m.content,
      ...(m.toolName !== undefined ? { tool_name: m.toolName } : {}),
      ...(m.toolArguments !== undefined ? { tool_arguments: m.toolArguments } : {}),
      ...(m.toolCallId !== undefined ? { tool_call_id: m.toolCallId } : {}),
      ...(m.createdAt !== undefined ? { created_at: m.createdAt } : {}),
      ...(m.metadata !== undefined ? { metadata: m.metadata } : {}),
    })),
  };
}

describe("canonical Warden format", () => {
  it.each([
    ["0.4 Swarm run", () => v04TaskResult("swarm.cell16")],
    ["0.4 memory run", () => v04TaskResult("memory.cell3")],
    ["Magentic-One run", () => fixtureJson("who_and_when/hand-crafted-43.json")],
  ])("expresses a real transcript (%s) without loss", (_, load) => {
    const original = parseOk(load());
    const again = parseOk(JSON.parse(JSON.stringify(toWire(original))));
    expect(again.format).toBe("warden");
    expectWellFormed(again);
    expect(again.participants).toEqual(original.participants);
    expect(again.messages).toEqual(original.messages);
  });

  it("defaults kind to text, broadcasts without recipients, and routes tool results back to the caller", () => {
    const t = parseOk([
      { sender: "user", content: "Summarise https://example.com" },
      { sender: "planner", recipients: ["fetcher"], content: "Fetch it." },
      { sender: "fetcher", kind: "tool_call", tool_name: "http_get", tool_arguments: { url: "https://example.com" }, tool_call_id: "c1" },
      { sender: "fetcher", kind: "tool_result", tool_call_id: "c1", content: "<html>…</html>" },
    ]);
    expect(t.participants).toEqual(["user", "planner", "fetcher"]);
    expect(t.messages[0]).toMatchObject({ kind: "text", recipients: ["planner", "fetcher"], recipientsExplicit: false, replyTo: null });
    expect(t.messages[2]).toMatchObject({ content: 'http_get({"url":"https://example.com"})', toolArguments: '{"url":"https://example.com"}' });
    expect(t.messages[3]).toMatchObject({ recipients: ["fetcher"], recipientsExplicit: true, replyTo: "fetcher" });
  });

  it("accepts explicit, strictly increasing seq on every message", () => {
    const t = parseOk({ messages: [{ seq: 10, sender: "a", content: "x" }, { seq: 12, sender: "b", content: "y" }] });
    expect(t.messages.map((m) => m.seq)).toEqual([10, 12]);
    expect(parseTranscript({ messages: [{ seq: 3, sender: "a", content: "x" }, { seq: 3, sender: "b", content: "y" }] })).toMatchObject({
      ok: false,
      error: { field: "transcript.messages[1].seq" },
    });
    expect(parseTranscript({ messages: [{ seq: 1, sender: "a", content: "x" }, { sender: "b", content: "y" }] })).toMatchObject({
      ok: false,
      error: { field: "transcript.messages[1].seq" },
    });
  });

  it("names the offending field", () => {
    expect(parseTranscript([{ sender: "a", content: "ok" }, { sender: "b", content: "ok" }, { sender: "c", content: 3 }, { sender: "d" }])).toMatchObject({
      ok: false,
      error: { field: "transcript[2].content" },
    });
    expect(parseTranscript({ messages: [{ sender: "a", kind: "tool_call" }] })).toMatchObject({ ok: false, error: { field: "transcript.messages[0].tool_name" } });
    expect(parseTranscript({ messages: [{ sender: "a", content: "x", kind: "shout" }] }, "warden")).toMatchObject({ ok: false, error: { field: "transcript.messages[0].kind" } });
    expect(parseTranscript({ messages: [{ sender: "a", content: "x", extra: 1 }] }, "warden")).toMatchObject({ ok: false, error: { field: "transcript.messages[0]" } });
  });

  it("exports a JSON Schema for the docs", () => {
    const schema = canonicalTranscriptJsonSchema as { properties?: Record<string, unknown>; required?: string[] };
    expect(schema.required).toEqual(["messages"]);
    expect(Object.keys(schema.properties ?? {})).toEqual(["participants", "messages"]);
    expect(JSON.stringify(schema)).toContain("tool_call_id");
  });
});
