// flooding: one agent sends at least N messages within W seconds in one conversation, or
// (optional) more than X% of a conversation's messages once it has at least M of them.
import type { FloodingParams } from "../rule-types";
import { densestWindow, MAX_EVIDENCE, messageRef, type AlertMatch, type ConversationFact, type MessageFact } from "./facts";

export interface FloodingInput {
  conversation: ConversationFact;
  /** Earlier stored messages of the same senders, at least those within W before the first new one. */
  prior: MessageFact[];
  fresh: MessageFact[];
  /** Messages per sender in the whole conversation (after this batch); needed only for the share condition. */
  senderTotals: Map<string, number> | null;
  inScope: (agent: string) => boolean;
}

export function evaluateFloodingRule(params: FloodingParams, input: FloodingInput): AlertMatch[] {
  const { conversation } = input;
  const freshIds = new Set(input.fresh.map((m) => m.id));
  const bySender = new Map<string, MessageFact[]>();
  for (const m of [...input.prior, ...input.fresh]) {
    if (!input.inScope(m.sender)) continue;
    const list = bySender.get(m.sender) ?? [];
    list.push(m);
    bySender.set(m.sender, list);
  }
  const shareApplies = params.sharePercent !== null && conversation.totalMessages >= params.minMessages && input.senderTotals !== null;
  const matches: AlertMatch[] = [];
  for (const [sender, all] of bySender) {
    const fresh = all.filter((m) => freshIds.has(m.id));
    if (fresh.length === 0) continue;
    const sorted = all.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.seq - b.seq);
    const window = densestWindow(
      sorted.map((m) => m.sentAt.getTime()),
      sorted.map((m) => freshIds.has(m.id)),
      params.windowSeconds * 1000,
      params.maxMessages,
    );
    const senderTotal = input.senderTotals?.get(sender) ?? 0;
    // Strictly more than the share: exactly X% does not fire.
    const shareHit = shareApplies && senderTotal * 100 > params.sharePercent! * conversation.totalMessages;
    if (!window && !shareHit) continue;

    const measured: Record<string, number | string> = {};
    let evidence: MessageFact[];
    if (window) {
      evidence = sorted.slice(window.start, window.end + 1);
      const first = evidence[0]!.sentAt.getTime();
      const last = evidence.at(-1)!.sentAt.getTime();
      measured.messagesInWindow = evidence.length;
      measured.windowSpanSeconds = Math.round((last - first) / 10) / 100;
      measured.maxMessages = params.maxMessages;
      measured.windowSeconds = params.windowSeconds;
    } else {
      evidence = fresh;
    }
    if (shareHit) {
      measured.agentMessages = senderTotal;
      measured.conversationMessages = conversation.totalMessages;
      measured.sharePercent = Math.round((senderTotal * 10_000) / conversation.totalMessages) / 100;
      measured.maxSharePercent = params.sharePercent!;
    }
    const shown = evidence.slice(-MAX_EVIDENCE);
    matches.push({
      subjectKey: `conversation:${conversation.id}:agent:${sender}`,
      agentName: sender,
      conversationId: conversation.id,
      title: window
        ? `${sender} sent ${evidence.length} messages within ${params.windowSeconds} s in ${conversation.externalId}`
        : `${sender} sent ${measured.sharePercent}% of the messages of ${conversation.externalId}`,
      measured,
      evidence: shown.map((m) => messageRef(conversation.id, m)),
      firstSeenAt: evidence[0]!.sentAt,
      lastSeenAt: evidence.at(-1)!.sentAt,
    });
  }
  return matches;
}
