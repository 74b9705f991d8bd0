// blocked_spike: at least N blocked events within W seconds, in the project or for one agent.
import type { BlockedSpikeParams } from "../rule-types";
import { densestWindow, eventRef, MAX_EVIDENCE, type AlertMatch, type EventFact } from "./facts";

export interface BlockedSpikeInput {
  /** Blocked events stored before: those nearest the new ones in time, within W of them. */
  prior: EventFact[];
  fresh: EventFact[];
  inScope: (agent: string) => boolean;
  /**
   * Subjects ("project", "agent:<name>") whose look-back was cut at its row limit: more blocked
   * events may lie beyond the oldest (or newest) one read, so a window that reaches the edge of
   * what was read counts at least that many, perhaps more.
   */
  truncated?: ReadonlySet<string>;
}

export function evaluateBlockedSpikeRule(params: BlockedSpikeParams, input: BlockedSpikeInput): AlertMatch[] {
  const freshIds = new Set(input.fresh.map((e) => e.id));
  const groups = new Map<string, EventFact[]>();
  for (const e of [...input.prior, ...input.fresh]) {
    if (e.verdict !== "blocked" || !input.inScope(e.agentName)) continue;
    const key = params.per === "agent" ? `agent:${e.agentName}` : "project";
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const matches: AlertMatch[] = [];
  for (const [subjectKey, events] of groups) {
    if (!events.some((e) => freshIds.has(e.id))) continue;
    const sorted = events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
    const window = densestWindow(
      sorted.map((e) => e.occurredAt.getTime()),
      sorted.map((e) => freshIds.has(e.id)),
      params.windowSeconds * 1000,
      params.minBlocked,
    );
    if (!window) continue;
    const hit = sorted.slice(window.start, window.end + 1);
    const agentName = params.per === "agent" ? hit[0]!.agentName : null;
    const first = hit[0]!.occurredAt;
    const last = hit.at(-1)!.occurredAt;
    const lowerBound = (input.truncated?.has(subjectKey) ?? false) && (window.start === 0 || window.end === sorted.length - 1);
    matches.push({
      subjectKey,
      agentName,
      conversationId: null,
      title: `${lowerBound ? "at least " : ""}${hit.length} blocked events within ${params.windowSeconds} s${agentName ? ` from ${agentName}` : ""}`,
      measured: {
        blockedInWindow: hit.length,
        ...(lowerBound ? { blockedInWindowBound: "at_least" } : {}),
        windowSpanSeconds: Math.round((last.getTime() - first.getTime()) / 10) / 100,
        minBlocked: params.minBlocked,
        windowSeconds: params.windowSeconds,
      },
      evidence: hit.slice(-MAX_EVIDENCE).map(eventRef),
      firstSeenAt: first,
      lastSeenAt: last,
    });
  }
  return matches;
}
