/** Test helpers: real transcripts from the ingest fixtures turned into evaluator facts (not a test file itself). */
import type { CanonicalMessage } from "@/lib/ingest/canonical";
import { fixtureJson } from "@/lib/ingest/adapters/fixtures/load";
import { parseOk } from "@/lib/ingest/adapters/testing";
import type { ConversationFact, EventFact, MessageFact } from "./facts";

export const T0 = Date.parse("2026-11-20T09:00:00.000Z");

/** A real Magentic-One run (Who&When hand-crafted 47): 67 messages, the Orchestrator sends most of them. */
export function magenticOneRun(): CanonicalMessage[] {
  return parseOk(fixtureJson("who_and_when/hand-crafted-47.json")).messages;
}

/** Facts for `messages`, sent `gapMs` apart (or at the given offsets) from T0. */
export function facts(messages: readonly Pick<CanonicalMessage, "sender" | "content">[], gapMs: number | number[] = 20_000, firstSeq = 0): MessageFact[] {
  return messages.map((m, i) => ({
    id: `m-${firstSeq + i}`,
    seq: firstSeq + i,
    sender: m.sender,
    content: m.content,
    length: m.content.length,
    sentAt: new Date(T0 + (Array.isArray(gapMs) ? gapMs[i]! : i * gapMs)),
  }));
}

export function conversationOf(messages: readonly MessageFact[], id = "c-1"): ConversationFact {
  return { id, externalId: `run-${id}`, totalMessages: messages.length === 0 ? 0 : Math.max(...messages.map((m) => m.seq)) + 1 };
}

export const everyone = () => true;

export function blockedEvent(i: number, atMs: number, agentName = "coder", extra: Partial<EventFact> = {}): EventFact {
  return {
    id: `e-${i}`,
    agentName,
    source: "scan",
    verdict: "blocked",
    findings: [{ category: "code_execution", severity: "critical", rule: "code_execution.reverse_shell.bash" }],
    textLength: 64,
    conversationRef: null,
    occurredAt: new Date(T0 + atMs),
    ...extra,
  };
}
