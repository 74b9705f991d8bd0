// message_size: a message (or a text scanned through the API) strictly longer than L characters.
import type { MessageSizeParams } from "../rule-types";
import { eventRef, MAX_EVIDENCE, messageRef, type AlertMatch, type ConversationFact, type EventFact, type MessageFact } from "./facts";

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

export function evaluateMessageSizeRule(
  params: MessageSizeParams,
  input: { conversation: ConversationFact; fresh: MessageFact[]; inScope: (agent: string) => boolean },
): AlertMatch[] {
  const { conversation } = input;
  const over = input.fresh.filter((m) => m.length > params.maxChars && input.inScope(m.sender));
  return [...group(over, (m) => m.sender)].map(([sender, messages]) => {
    const largest = Math.max(...messages.map((m) => m.length));
    return {
      subjectKey: `conversation:${conversation.id}:agent:${sender}`,
      agentName: sender,
      conversationId: conversation.id,
      title: `${sender} sent a ${largest.toLocaleString("en-US")}-character message in ${conversation.externalId}`,
      measured: { largestChars: largest, oversizedMessages: messages.length, maxChars: params.maxChars },
      evidence: messages.slice(-MAX_EVIDENCE).map((m) => messageRef(conversation.id, m)),
      firstSeenAt: messages[0]!.sentAt,
      lastSeenAt: messages.at(-1)!.sentAt,
    };
  });
}

/** Scanned texts: transcript scans are left out, their messages are judged above. */
export function evaluateMessageSizeEvents(params: MessageSizeParams, input: { fresh: EventFact[]; inScope: (agent: string) => boolean }): AlertMatch[] {
  const over = input.fresh.filter((e) => e.source !== "transcript" && e.textLength > params.maxChars && input.inScope(e.agentName));
  return [...group(over, (e) => e.agentName)].map(([agent, events]) => {
    const largest = Math.max(...events.map((e) => e.textLength));
    return {
      subjectKey: `agent:${agent}`,
      agentName: agent,
      conversationId: null,
      title: `${agent} sent a ${largest.toLocaleString("en-US")}-character text`,
      measured: { largestChars: largest, oversizedTexts: events.length, maxChars: params.maxChars },
      evidence: events.slice(-MAX_EVIDENCE).map(eventRef),
      firstSeenAt: new Date(Math.min(...events.map((e) => e.occurredAt.getTime()))),
      lastSeenAt: new Date(Math.max(...events.map((e) => e.occurredAt.getTime()))),
    };
  });
}
