// The feed's view lives in the URL (tab and filters), so a filtered feed can be shared.
// Pure: reads what the route would accept and drops the rest.
import { ALERT_SEVERITIES, ALERT_STATUSES, RULE_TYPES, type AlertSeverity, type AlertStatus, type RuleType } from "@/lib/alerts/rule-types";

export interface FeedView {
  status: AlertStatus;
  severity: AlertSeverity | null;
  ruleType: RuleType | null;
  agent: string | null;
}

interface ParamsLike {
  get(name: string): string | null;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

export function readFeedView(params: ParamsLike): FeedView {
  const agent = params.get("agent")?.trim() ?? "";
  return {
    status: oneOf(ALERT_STATUSES, params.get("status")) ?? "open",
    severity: oneOf(ALERT_SEVERITIES, params.get("severity")),
    ruleType: oneOf(RULE_TYPES, params.get("rule_type")),
    agent: agent.length > 0 && agent.length <= 256 ? agent : null,
  };
}

/** The query string of the feed route (and of the page URL: the same names). */
export function feedQuery(view: FeedView, cursor?: string | null): string {
  const q = new URLSearchParams({ status: view.status });
  if (view.severity) q.set("severity", view.severity);
  if (view.ruleType) q.set("rule_type", view.ruleType);
  if (view.agent) q.set("agent", view.agent);
  if (cursor) q.set("cursor", cursor);
  return q.toString();
}
