// How a project's enabled alert rules are read: one JSON value, so that the API key lookup
// (lib/auth/api-keys.ts), which every request makes anyway, can read them in its own
// statement and an ingest batch needs none for its rules. Pure SQL text and types: the
// key lookup imports this without the evaluators.
import type { EvaluableRule, RuleType } from "./rule-types";

export interface RuleRow {
  id: string;
  name: string;
  type: RuleType;
  params: unknown;
  agentPattern: string | null;
  severity: EvaluableRule["severity"];
}

/** A project's enabled rules and whether it has an enabled webhook (without one, raising an alert queues nothing). */
export interface EnabledRuleRows {
  rules: RuleRow[];
  hasWebhooks: boolean;
}

/** SQL of the EnabledRuleRows of the project whose id is the SQL expression `projectIdSql`. */
export const enabledRulesJson = (projectIdSql: string) => `json_build_object(
  'rules', (SELECT coalesce(json_agg(json_build_object('id', r."id", 'name', r."name", 'type', r."type", 'params', r."params",
              'agentPattern', r."agentPattern", 'severity', r."severity")), '[]'::json)
            FROM "AlertRule" r WHERE r."projectId" = ${projectIdSql} AND r."enabled"),
  'hasWebhooks', EXISTS (SELECT 1 FROM "Webhook" w WHERE w."projectId" = ${projectIdSql} AND w."enabled"))`;
