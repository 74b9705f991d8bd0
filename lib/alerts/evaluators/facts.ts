// What the evaluators read and what they answer. Pure types: the ingest path and the
// backtest both turn stored rows into these facts and feed the same evaluators.

/** A stored transcript message. `content` may be cut to a prefix; `length` is the full length. */
export interface MessageFact {
  id: string;
  seq: number;
  sender: string;
  content: string;
  length: number;
  sentAt: Date;
}

export interface ConversationFact {
  id: string;
  externalId: string;
  /** Messages stored in the conversation after this batch. */
  totalMessages: number;
}

export interface FindingFact {
  category: string;
  severity: string;
  rule?: string;
}

/** A stored scan event. */
export interface EventFact {
  id: string;
  agentName: string;
  source: "scan" | "ingest" | "transcript";
  verdict: "allowed" | "flagged" | "blocked";
  findings: FindingFact[];
  textLength: number;
  conversationRef: string | null;
  occurredAt: Date;
}

/** A reference to what matched, kept on the alert: the dashboard links it to the conversation or event. */
export type EvidenceRef =
  | { type: "message"; id: string; conversationId: string; seq: number; sender: string; at: string }
  | { type: "event"; id: string; agent: string; verdict: string; conversationRef: string | null; at: string };

/** One match of a rule for one subject (the deduplication key is rule id + subjectKey). */
export interface AlertMatch {
  subjectKey: string;
  agentName: string | null;
  conversationId: string | null;
  title: string;
  /** The numbers that crossed the threshold, and the threshold itself. */
  measured: Record<string, number | string>;
  evidence: EvidenceRef[];
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Evidence kept per alert: enough to investigate, bounded so an alert row stays small. */
export const MAX_EVIDENCE = 50;

export function messageRef(conversationId: string, m: MessageFact): EvidenceRef {
  return { type: "message", id: m.id, conversationId, seq: m.seq, sender: m.sender, at: m.sentAt.toISOString() };
}

export function eventRef(e: EventFact): EvidenceRef {
  return { type: "event", id: e.id, agent: e.agentName, verdict: e.verdict, conversationRef: e.conversationRef, at: e.occurredAt.toISOString() };
}

/**
 * The densest run of `times` (sorted ascending) within `windowMs` (last - first <= windowMs)
 * that contains at least one new item (`fresh[i]`), so windows judged by an earlier request
 * are not judged again; null when none reaches `min` items. Two pointers: O(n).
 */
export function densestWindow(times: number[], fresh: boolean[], windowMs: number, min: number): { start: number; end: number } | null {
  const freshBefore = [0];
  for (let i = 0; i < times.length; i++) freshBefore.push(freshBefore[i]! + (fresh[i] ? 1 : 0));
  let best: { start: number; end: number } | null = null;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > windowMs) start++;
    const size = end - start + 1;
    const hasFresh = freshBefore[end + 1]! - freshBefore[start]! > 0;
    if (hasFresh && size >= min && (!best || size > best.end - best.start + 1)) best = { start, end };
  }
  return best;
}
