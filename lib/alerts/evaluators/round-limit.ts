// round_limit: a conversation passes R rounds (strictly more than R messages; each message is
// one speaker turn, as AutoGen's GroupChat counts max_round). Fires once, on the batch that
// crosses the limit.
import type { RoundLimitParams } from "../rule-types";
import { messageRef, type AlertMatch, type ConversationFact, type MessageFact } from "./facts";

export interface RoundLimitInput {
  conversation: ConversationFact;
  /** Messages stored before this batch. */
  previousTotal: number;
  fresh: MessageFact[];
  inScope: (agent: string) => boolean;
}

export function evaluateRoundLimitRule(params: RoundLimitParams, input: RoundLimitInput): AlertMatch[] {
  const { conversation, previousTotal } = input;
  if (!(previousTotal <= params.maxRounds && conversation.totalMessages > params.maxRounds)) return [];
  if (!input.fresh.some((m) => input.inScope(m.sender))) return [];
  // The first message past the limit is the one at position maxRounds (0-based seq).
  const beyond = input.fresh.filter((m) => m.seq >= params.maxRounds).sort((a, b) => a.seq - b.seq);
  const first = beyond[0] ?? input.fresh.at(-1)!;
  return [
    {
      subjectKey: `conversation:${conversation.id}`,
      agentName: null,
      conversationId: conversation.id,
      title: `${conversation.externalId} passed ${params.maxRounds} rounds`,
      measured: { rounds: conversation.totalMessages, maxRounds: params.maxRounds },
      evidence: [messageRef(conversation.id, first)],
      firstSeenAt: first.sentAt,
      lastSeenAt: first.sentAt,
    },
  ];
}
