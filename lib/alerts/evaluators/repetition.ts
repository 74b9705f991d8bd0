// repetition: the same or nearly the same message at least N times among the recent
// messages of a conversation, by one agent or bounced between agents (echo loops).
import type { RepetitionParams } from "../rule-types";
import { MAX_EVIDENCE, messageRef, type AlertMatch, type ConversationFact, type MessageFact } from "./facts";
import { normaliseForRepetition, similarity, sketchOfNormal, type Sketch } from "./similarity";

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
  // Which messages can be compared (in scope, something left after normalising) is known up
  // front; their sketches are made only for the windows compared below, since in a long loop
  // that is one window, and sketching was most of this rule's cost. Loops often repeat a
  // message word for word: one normal form and one sketch per distinct text, shared.
  const normals = new Map<string, string>();
  const normalOf = (text: string) => {
    let normal = normals.get(text);
    if (normal === undefined) normals.set(text, (normal = normaliseForRepetition(text)));
    return normal;
  };
  const comparable = all.map((m) => input.inScope(m.sender) && normalOf(m.content).length > 0);
  const byText = new Map<string, Sketch>();
  const sketchAt = (index: number): Sketch => {
    const text = all[index]!.content;
    let sketch = byText.get(text);
    if (sketch === undefined) byText.set(text, (sketch = sketchOfNormal(normalOf(text))));
    return sketch;
  };
  // One match per subject: the largest group of near-duplicates ending at a new message, the
  // latest one on a tie. New messages are judged newest first, so a message whose window could
  // at most tie the best group so far is skipped unread: in a long loop, where every window is
  // full of copies, that is all but the last message instead of 50 comparisons each.
  const best = new Map<string, { group: MessageFact[]; similarityMin: number }>();
  for (let i = all.length - 1; i >= 0; i--) {
    const message = all[i]!;
    if (!freshIds.has(message.id) || !comparable[i]) continue;
    const subject = params.across === "same_agent" ? `conversation:${conversation.id}:agent:${message.sender}` : `conversation:${conversation.id}`;
    // The window: the `lookbackMessages` messages before this one (the new ones included).
    const from = Math.max(0, i - params.lookbackMessages);
    const current = best.get(subject);
    if (current) {
      let candidates = 1;
      for (let j = from; j < i; j++) if (comparable[j] && (params.across !== "same_agent" || all[j]!.sender === message.sender)) candidates++;
      if (candidates <= current.group.length) continue;
    }
    const sketch = sketchAt(i);
    const group: MessageFact[] = [message];
    let similarityMin = 1;
    for (let j = from; j < i; j++) {
      const other = all[j]!;
      if (!comparable[j]) continue;
      if (params.across === "same_agent" && other.sender !== message.sender) continue;
      const score = similarity(sketch, sketchAt(j), params.similarity);
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
