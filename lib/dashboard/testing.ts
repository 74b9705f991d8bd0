// Test helpers: canonical transcripts -> dashboard messages, with verdicts attached the way
// transcript ingest attaches them (scan each message's content with the default policy in the
// message's direction). Imported only by tests.
import { generateDemoConversations } from "@/lib/demo/generate";
import { DEFAULT_POLICY, decideVerdict, scanText, type Direction } from "@/lib/detection";
import type { CanonicalMessage } from "@/lib/ingest/canonical";
import { parseTranscript } from "@/lib/ingest/adapters";
import type { TranscriptFormat } from "@/lib/ingest/canonical";
import type { BlastMessage } from "./blast-radius";

/**
 * Same rule as messageDirection in lib/ingest/conversations.ts (not imported: that module
 * needs the database). Tool output and what a human types come from outside the agents.
 */
export function directionOf(m: Pick<CanonicalMessage, "kind" | "sender">): Direction {
  if (m.kind === "tool_result") return "inbound";
  if (/^(user|human)$/i.test(m.sender) || /user_?proxy|human/i.test(m.sender)) return "inbound";
  return "internal";
}

export function parsed(transcript: unknown, format?: TranscriptFormat): CanonicalMessage[] {
  const r = parseTranscript(transcript, format);
  if (!r.ok) throw new Error(`fixture did not parse: ${r.error.message}`);
  return r.value.messages;
}

/** Dashboard messages without verdicts (not scanned). */
export function unscanned(messages: CanonicalMessage[], fallbackTime = new Date("2026-01-01T00:00:00Z")): BlastMessage[] {
  return messages.map((m) => ({
    seq: m.seq,
    sender: m.sender,
    recipients: m.recipients,
    recipientsExplicit: m.recipientsExplicit,
    kind: m.kind,
    verdict: null,
    categories: [],
    sentAt: m.createdAt ? new Date(m.createdAt) : fallbackTime,
  }));
}

/** Dashboard messages with the verdict and finding categories a scan under DEFAULT_POLICY gives. */
export function scanned(messages: CanonicalMessage[]): BlastMessage[] {
  return unscanned(messages).map((m, i) => {
    const scan = scanText(messages[i]!.content);
    return { ...m, verdict: decideVerdict(scan, DEFAULT_POLICY, directionOf(messages[i]!)).verdict, categories: [...new Set(scan.findings.map((f) => f.category))] };
  });
}

export const DEMO_NOW = new Date("2026-03-10T12:00:00Z");

/** The demo's indirect-injection incident, parsed as "warden" and scanned. */
export function demoInjection(): { canonical: CanonicalMessage[]; messages: BlastMessage[] } {
  const conv = generateDemoConversations(DEMO_NOW).find((c) => c.id === "demo-incident-web-injection");
  if (!conv) throw new Error("demo injection conversation missing");
  const canonical = parsed({ messages: conv.messages }, "warden");
  return { canonical, messages: scanned(canonical) };
}
