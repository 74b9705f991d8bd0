// repetition: the same or nearly the same message at least N times among the recent
// messages of a conversation, by one agent or bounced between agents (echo loops).
import type { RepetitionParams } from "../rule-types";
import { MAX_EVIDENCE, messageRef, type AlertMatch, type ConversationFact, type MessageFact } from "./facts";
import { similarity, sketchOf, type Sketch } from "./similarity";

export interface RepetitionInput {
  conversation: ConversationFact;
  /** The conversation's messages just before the new ones (by seq), at least `lookbackMessages` of them. */
  prior: MessageFact[];
  fresh: MessageFact[];
  inScope: (agent: string) => boolean;
}

export function evaluateRepetitionRule(params: RepetitionParams, input: RepetitionInput): AlertMatch[] {
  const { conversation } = input;
  const all = [...input.prior, ...input.fresh].sort((a, b) => a.seq - b.seq);
  const freshIds = new Set(input.fresh.map((m) => m.id));
  // Loops often repeat a message word for word: one sketch per distinct text, shared.
  const byText = new Map<string, Sketch | null>();
  const sketches = all.map((m) => {
    if (!input.inScope(m.sender)) return null;
    let sketch = byText.get(m.content);
    if (sketch === undefined) byText.set(m.content, (sketch = sketchOf(m.content)));
    return sketch;
  });
  // One match per subject: the largest group of near-duplicates ending at a new message, the
  // latest one on a tie. New messages are judged newest first, so a message whose window could
  // at most tie the best group so far is skipped unread: in a long loop, where every window is
  // full of copies, that is all but the last message instead of 50 comparisons each.
  const best = new Map<string, { group: MessageFact[]; similarityMin: number }>();
  for (let i = all.length - 1; i >= 0; i--) {
    const message = all[i]!;
    const sketch = sketches[i];
    if (!freshIds.has(message.id) || !sketch) continue;
    const subject = params.across === "same_agent" ? `conversation:${conversation.id}:agent:${message.sender}` : `conversation:${conversation.id}`;
    // The window: the `lookbackMessages` messages before this one (the new ones included).
    const from = Math.max(0, i - params.lookbackMessages);
    const current = best.get(subject);
    if (current) {
      let candidates = 1;
      for (let j = from; j < i; j++) if (sketches[j] && (params.across !== "same_agent" || all[j]!.sender === message.sender)) candidates++;
      if (candidates <= current.group.length) continue;
    }
    const group: MessageFact[] = [message];
    let similarityMin = 1;
    for (let j = from; j < i; j++) {
      const other = all[j]!;
      const otherSketch = sketches[j];
      if (!otherSketch) continue;
      if (params.across === "same_agent" && other.sender !== message.sender) continue;
      const score = similarity(sketch, otherSketch, params.similarity);
      if (score >= params.similarity) {
        group.push(other);
        similarityMin = Math.min(similarityMin, score);
      }
    }
    if (group.length < params.minRepeats) continue;
    if (!current || group.length > current.group.length) best.set(subject, { group, similarityMin });
  }
  return [...best.entries()].map(([subjectKey, { group, similarityMin }]) => {
    const sorted = group.sort((a, b) => a.seq - b.seq);
    const senders = [...new Set(sorted.map((m) => m.sender))];
    const latest = sorted.at(-1)!;
    return {
      subjectKey,
      agentName: params.across === "same_agent" || senders.length === 1 ? latest.sender : null,
      conversationId: conversation.id,
      title: `${sorted.length} near-identical messages from ${senders.join(" and ")} in ${conversation.externalId}`,
      measured: {
        repeats: sorted.length,
        minRepeats: params.minRepeats,
        lowestSimilarity: Math.round(similarityMin * 100) / 100,
        similarityThreshold: params.similarity,
        agents: senders.length,
      },
      evidence: sorted.slice(-MAX_EVIDENCE).map((m) => messageRef(conversation.id, m)),
      firstSeenAt: new Date(Math.min(...sorted.map((m) => m.sentAt.getTime()))),
      lastSeenAt: new Date(Math.max(...sorted.map((m) => m.sentAt.getTime()))),
    };
  });
}
