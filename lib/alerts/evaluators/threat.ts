// threat: a scan finding of a category (or any) at or above a severity, per agent.
import { severityAtLeast, type ThreatParams } from "../rule-types";
import { eventRef, MAX_EVIDENCE, type AlertMatch, type EventFact } from "./facts";

const ORDER = ["low", "medium", "high", "critical"];

export function evaluateThreatRule(params: ThreatParams, input: { fresh: EventFact[]; inScope: (agent: string) => boolean }): AlertMatch[] {
  const byAgent = new Map<string, { events: EventFact[]; findings: number; top: string; categories: Set<string> }>();
  for (const e of input.fresh) {
    if (!input.inScope(e.agentName)) continue;
    const hits = e.findings.filter((f) => (params.category === "any" || f.category === params.category) && severityAtLeast(f.severity, params.minSeverity));
    if (hits.length === 0) continue;
    const entry = byAgent.get(e.agentName) ?? { events: [], findings: 0, top: "low", categories: new Set<string>() };
    entry.events.push(e);
    entry.findings += hits.length;
    for (const f of hits) {
      entry.categories.add(f.category);
      if (ORDER.indexOf(f.severity) > ORDER.indexOf(entry.top)) entry.top = f.severity;
    }
    byAgent.set(e.agentName, entry);
  }
  return [...byAgent].map(([agent, { events, findings, top, categories }]) => ({
    subjectKey: `agent:${agent}`,
    agentName: agent,
    conversationId: null,
    title: `${agent}: ${[...categories].join(", ")} finding${findings === 1 ? "" : "s"} (${top})`,
    measured: { findings, highestSeverity: top, minSeverity: params.minSeverity, category: params.category },
    evidence: events.slice(-MAX_EVIDENCE).map(eventRef),
    firstSeenAt: new Date(Math.min(...events.map((e) => e.occurredAt.getTime()))),
    lastSeenAt: new Date(Math.max(...events.map((e) => e.occurredAt.getTime()))),
  }));
}
