/** Small assertions shared by the adapter tests (not a test file itself). */
import { expect } from "vitest";
import type { CanonicalTranscript } from "../canonical";
import type { TranscriptFormat } from "../canonical";
import { parseTranscript } from "./index";

export function parseOk(transcript: unknown, format?: TranscriptFormat): CanonicalTranscript {
  const r = parseTranscript(transcript, format);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** `sender>recipients:kind` per message; broadcast recipients are written as `*`. */
export function flow(t: CanonicalTranscript): string[] {
  return t.messages.map((m) => `${m.sender}>${m.recipientsExplicit ? m.recipients.join(",") : "*"}:${m.kind}`);
}

/** Invariants every canonical transcript must satisfy, whatever the format. */
export function expectWellFormed(t: CanonicalTranscript): void {
  t.messages.forEach((m, i) => {
    expect(m.seq).toBe(i);
    expect(typeof m.content).toBe("string");
    expect(m.replyTo).toBe(i === 0 ? null : t.messages[i - 1]?.sender);
    expect(t.participants).toContain(m.sender);
    if (!m.recipientsExplicit) expect(m.recipients).toEqual(t.participants.filter((p) => p !== m.sender));
    if (m.kind === "tool_call") expect(m.toolName).toBeTruthy();
  });
}
