// Opens an alert, or updates the open one for the same rule and subject. The unique
// "dedupKey" (rule id + subject while the alert is not resolved, NULL after) makes this
// one atomic statement: concurrent requests that match the same subject open one alert
// between them, the others add to its count, last-seen time and evidence.
import "server-only";
import type { Sql, SqlStep } from "@/lib/db/sql";
import { enqueueAlertWebhooks } from "./webhooks/enqueue";
import { MAX_EVIDENCE, type EvidenceRef } from "./evaluators/facts";
import type { RuleMatch } from "./evaluators";

export interface ProjectScope {
  organizationId: string;
  projectId: string;
}

/** A count bump notifies webhooks at most this often per alert. */
const UPDATE_NOTICE_INTERVAL = "1 minute";

export function dedupKey(ruleId: string, subjectKey: string): string {
  return `${ruleId}|${subjectKey}`;
}

// One statement for every match of a request; the rows come sorted by dedupKey, so
// concurrent requests lock alert rows in the same order and never deadlock. $1 and $2 are
// the organization and project ids, `rowsParam` the matches (upsertRows).
const upsertSql = (rowsParam: string) => `
INSERT INTO "Alert" ("id", "organizationId", "projectId", "ruleId", "ruleName", "ruleType", "severity", "status",
  "subjectKey", "agentName", "conversationId", "dedupKey", "title", "count", "measured", "evidence",
  "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
SELECT gen_random_uuid()::text, $1, $2, r."ruleId", r."ruleName", r."ruleType"::"AlertRuleType", r."severity"::"AlertSeverity", 'open',
  r."subjectKey", r."agentName", r."conversationId", r."dedupKey", r."title", 1, r."measured", r."evidence",
  r."firstSeenAt"::timestamptz AT TIME ZONE 'UTC', r."lastSeenAt"::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM jsonb_to_recordset(${rowsParam}::jsonb) AS r("ruleId" text, "ruleName" text, "ruleType" text, "severity" text, "subjectKey" text,
  "agentName" text, "conversationId" text, "dedupKey" text, "title" text, "measured" jsonb, "evidence" jsonb,
  "firstSeenAt" text, "lastSeenAt" text)
ORDER BY r."dedupKey"
ON CONFLICT ("dedupKey") DO UPDATE SET
  "count" = "Alert"."count" + 1,
  "title" = EXCLUDED."title",
  "measured" = EXCLUDED."measured",
  "lastSeenAt" = GREATEST("Alert"."lastSeenAt", EXCLUDED."lastSeenAt"),
  "firstSeenAt" = LEAST("Alert"."firstSeenAt", EXCLUDED."firstSeenAt"),
  -- The newest ${MAX_EVIDENCE} distinct references, in the order they were seen: the new ones
  -- alone when they are that many (raiseAlerts sends them distinct), as in every batch of a
  -- long spike, where merging cost the database 1.6 ms per batch.
  "evidence" = CASE WHEN jsonb_array_length(EXCLUDED."evidence") >= ${MAX_EVIDENCE} THEN EXCLUDED."evidence" ELSE (
    SELECT COALESCE(jsonb_agg(kept.e ORDER BY kept.n), '[]'::jsonb) FROM (
      SELECT d.e, d.n FROM (
        SELECT DISTINCT ON (x.e->>'id') x.e, x.n
        FROM jsonb_array_elements("Alert"."evidence" || EXCLUDED."evidence") WITH ORDINALITY AS x(e, n)
        ORDER BY x.e->>'id', x.n DESC
      ) d ORDER BY d.n DESC LIMIT ${MAX_EVIDENCE}
    ) kept
  ) END,
  "updatedAt" = EXCLUDED."updatedAt"
RETURNING "id", "ruleId", (xmax = 0) AS "inserted"`;
const UPSERT = upsertSql("$3");

/**
 * Records every match; returns how many alerts were opened (the others were updated).
 * `notifyWebhooks` false (the project has no enabled webhook) skips the webhook queries.
 */
export async function raiseAlerts(sql: Sql, scope: ProjectScope, matches: readonly RuleMatch[], notifyWebhooks = true): Promise<number> {
  if (matches.length === 0) return 0;
  const raised = await sql.query<{ id: string; ruleId: string; inserted: boolean }>(UPSERT, [scope.organizationId, scope.projectId, upsertRows(matches)]);
  let opened = 0;
  for (const row of raised) {
    if (row.inserted) opened++;
    if (!notifyWebhooks) continue;
    const alert = { id: row.id, organizationId: scope.organizationId, projectId: scope.projectId, ruleId: row.ruleId };
    if (row.inserted) await enqueueAlertWebhooks(sql, alert, "alert.opened");
    else if (await updateNoticeDue(sql, row.id)) await enqueueAlertWebhooks(sql, alert, "alert.updated");
  }
  return opened;
}

/**
 * raiseAlerts' upsert as the CTE `alerts_raised` of a writer's later statement (whose $1 and $2
 * are the organization and project ids, the matches at $first): one round trip fewer. Only for
 * a project without webhooks, which has nothing to queue for what the upsert returns.
 */
export function alertUpsertStep(matches: readonly RuleMatch[]): SqlStep {
  return { name: "alerts_raised", cte: (first) => `alerts_raised AS (${upsertSql(`$${first}`)})`, values: [upsertRows(matches)] };
}

/** The upsert's rows, as JSON: one per rule and subject (ON CONFLICT cannot update the same row twice in a statement). */
function upsertRows(matches: readonly RuleMatch[]): string {
  const rows = new Map<string, Record<string, unknown>>();
  for (const { rule, match } of matches) {
    const key = dedupKey(rule.id, match.subjectKey);
    rows.set(key, {
      ruleId: rule.id,
      ruleName: rule.name,
      ruleType: rule.type,
      severity: rule.severity,
      subjectKey: match.subjectKey,
      agentName: match.agentName,
      conversationId: match.conversationId,
      dedupKey: key,
      title: match.title.slice(0, 500),
      measured: match.measured,
      evidence: distinctEvidence(match.evidence),
      firstSeenAt: match.firstSeenAt.toISOString(),
      lastSeenAt: match.lastSeenAt.toISOString(),
    });
  }
  return JSON.stringify([...rows.values()]);
}

/** The newest MAX_EVIDENCE references, each once at its last place, as the upsert's merge keeps them. */
function distinctEvidence(evidence: readonly EvidenceRef[]): EvidenceRef[] {
  const last = new Map<string, number>();
  evidence.forEach((ref, index) => last.set(ref.id, index));
  return evidence.filter((ref, index) => last.get(ref.id) === index).slice(-MAX_EVIDENCE);
}

async function updateNoticeDue(sql: Sql, alertId: string): Promise<boolean> {
  const recent = await sql.query<{ one: number }>(
    `SELECT 1 AS "one" FROM "WebhookDelivery"
      WHERE "alertId" = $1 AND "event" IN ('alert.updated', 'alert.opened')
        AND "createdAt" > (now() AT TIME ZONE 'UTC') - interval '${UPDATE_NOTICE_INTERVAL}'
      LIMIT 1`,
    [alertId],
  );
  return recent.length === 0;
}
