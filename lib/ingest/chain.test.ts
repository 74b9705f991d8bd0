import { describe, expect, it } from "vitest";
import type { CanonicalMessage } from "./canonical";
import { GENESIS_HASH, canonicalMessageForm, chainHash, contentHash } from "./chain";
import { parseTranscript } from "./adapters";
import { fixtureJson, v04TaskResult } from "./adapters/fixtures/load";

function realMessages(): CanonicalMessage[] {
  const r = parseTranscript(v04TaskResult("swarm.cell16"));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.messages;
}

function chain(messages: CanonicalMessage[]): string[] {
  const out: string[] = [];
  let prev: string | null = null;
  for (const m of messages) {
    prev = chainHash(prev, m);
    out.push(prev);
  }
  return out;
}

describe("canonical message form", () => {
  it("covers exactly the defining fields, keys sorted", () => {
    const m = realMessages()[4] as CanonicalMessage;
    const form = JSON.parse(canonicalMessageForm(m)) as Record<string, unknown>;
    expect(Object.keys(form)).toEqual(["content", "kind", "recipients", "sender", "seq", "tool_arguments", "tool_call_id", "tool_name"]);
    expect(form).toEqual({
      content: 'get_stock_data({"symbol":"TSLA"})',
      kind: "tool_call",
      recipients: ["financial_analyst"],
      sender: "financial_analyst",
      seq: 4,
      tool_arguments: '{"symbol":"TSLA"}',
      tool_call_id: "call_SAXy1ebtA9mnaZo4ztpD2xHA",
      tool_name: "get_stock_data",
    });
    expect(contentHash(m)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is stable across key order, recipient order and Unicode normalisation", () => {
    const nfc = "Café – naïve façade";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const a: CanonicalMessage = { seq: 3, sender: "Zoë", recipients: ["b", "a"], recipientsExplicit: true, replyTo: null, kind: "text", content: nfc };
    // Same message built in another key order, decomposed strings, other recipient order, other extras.
    const b = {
      metadata: { anything: 1 },
      createdAt: "2025-01-01T00:00:00.000Z",
      content: nfd,
      kind: "text",
      replyTo: "someone",
      recipientsExplicit: true,
      recipients: ["a", "b", "a"],
      sender: "Zoë".normalize("NFD"),
      seq: 3,
    } as CanonicalMessage;
    expect(canonicalMessageForm(b)).toBe(canonicalMessageForm(a));
    expect(contentHash(b)).toBe(contentHash(a));
    expect(chainHash(null, b)).toBe(chainHash(null, a));
  });

  it("changes when one character changes, and hashes broadcasts as `*`", () => {
    const m = realMessages()[6] as CanonicalMessage;
    const base = contentHash(m);
    const i = Math.floor(m.content.length / 2);
    const flipped = { ...m, content: m.content.slice(0, i) + (m.content[i] === "x" ? "y" : "x") + m.content.slice(i + 1) };
    expect(contentHash(flipped)).not.toBe(base);
    expect(contentHash({ ...m, sender: `${m.sender} ` })).not.toBe(base);
    expect(contentHash({ ...m, kind: "thought" })).not.toBe(base);
    expect(contentHash({ ...m, toolCallId: "x" })).not.toBe(base);
    expect(JSON.parse(canonicalMessageForm(m)).recipients).toBe("*");
    expect(contentHash({ ...m, recipients: ["only-one"], recipientsExplicit: true })).not.toBe(base);
    expect(contentHash({ ...m, recipients: ["someone", "else"] })).toBe(base); // broadcast list is derived
  });

  it("chains: genesis is 64 zeros; a reorder or an edit changes every later link", () => {
    const messages = realMessages();
    const links = chain(messages);
    const first = messages[0] as CanonicalMessage;
    expect(chainHash(null, first)).toBe(chainHash(GENESIS_HASH, first));
    expect(new Set(links).size).toBe(links.length);

    const swapped = [...messages];
    [swapped[1], swapped[2]] = [swapped[2] as CanonicalMessage, swapped[1] as CanonicalMessage];
    const swappedLinks = chain(swapped);
    expect(swappedLinks[0]).toBe(links[0]);
    expect(swappedLinks[1]).not.toBe(links[1]);
    expect(swappedLinks.at(-1)).not.toBe(links.at(-1));

    // Same messages with their positions swapped too (as a re-sent reordered transcript would be).
    const reseq = swapped.map((m, i) => ({ ...m, seq: i }));
    expect(chain(reseq).at(-1)).not.toBe(links.at(-1));

    const edited = messages.map((m, i) => (i === 10 ? { ...m, content: `${m.content}!` } : m));
    const editedLinks = chain(edited);
    expect(editedLinks.slice(0, 10)).toEqual(links.slice(0, 10));
    expect(editedLinks.slice(10).every((h, k) => h !== links[10 + k])).toBe(true);
  });

  it("a longer version of a transcript keeps the hashes of its prefix (new participants included)", () => {
    const doc = fixtureJson("who_and_when/algorithm-generated-1.json") as { history: unknown[] };
    const full = parseTranscript(doc);
    const prefix = parseTranscript({ history: doc.history.slice(0, 2) });
    if (!full.ok || !prefix.ok) throw new Error("parse failed");
    expect(prefix.value.participants.length).toBeLessThan(full.value.participants.length);
    expect(chain(prefix.value.messages)).toEqual(chain(full.value.messages).slice(0, 2));
  });
});
