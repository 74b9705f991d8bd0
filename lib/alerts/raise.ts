// Opens an alert, or updates the open one for the same rule and subject. The unique
// "dedupKey" (rule id + subject while the alert is not resolved, NULL after) makes this
// one atomic statement: concurrent requests that match the same subject open one alert
// between them, the others add to its count, last-seen time and evidence.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import { enqueueAlertWebhooks } from "./webhooks/enqueue";
import { MAX_EVIDENCE } from "./evaluators/facts";
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

const UPSERT = `
INSERT INTO "Alert" ("id", "organizationId", "projectId", "ruleId", "ruleName", "ruleType", "severity", "status",
  "subjectKey", "agentName", "conversationId", "dedupKey", "title", "count", "measured", "evidence",
  "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5::"AlertRuleType", $6::"AlertSeverity", 'open',
  $7, $8, $9, $10, $11, 1, $12::jsonb, $13::jsonb,
  $14::timestamptz AT TIME ZONE 'UTC', $15::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
ON CONFLICT ("dedupKey") DO UPDATE SET
  "count" = "Alert"."count" + 1,
  "title" = EXCLUDED."title",
  "measured" = EXCLUDED."measured",
  "lastSeenAt" = GREATEST("Alert"."lastSeenAt", EXCLUDED."lastSeenAt"),
  "firstSeenAt" = LEAST("Alert"."firstSeenAt", EXCLUDED."firstSeenAt"),
  -- The newest ${MAX_EVIDENCE} distinct references, in the order they were seen.
  "evidence" = (
    SELECT COALESCE(jsonb_agg(kept.e ORDER BY kept.n), '[]'::jsonb) FROM (
      SELECT d.e, d.n FROM (
        SELECT DISTINCT ON (x.e->>'id') x.e, x.n
        FROM jsonb_array_elements("Alert"."evidence" || EXCLUDED."evidence") WITH ORDINALITY AS x(e, n)
        ORDER BY x.e->>'id', x.n DESC
      ) d ORDER BY d.n DESC LIMIT ${MAX_EVIDENCE}
    ) kept
  ),
  "updatedAt" = EXCLUDED."updatedAt"
RETURNING "id", (xmax = 0) AS "inserted"`;

/** Records every match; returns how many alerts were opened (the others were updated). */
export async function raiseAlerts(sql: Sql, scope: ProjectScope, matches: readonly RuleMatch[]): Promise<number> {
  let opened = 0;
  // Sorted, so concurrent requests touch alert rows in the same order and never deadlock.
  const ordered = [...matches].sort((a, b) => (dedupKey(a.rule.id, a.match.subjectKey) < dedupKey(b.rule.id, b.match.subjectKey) ? -1 : 1));
  for (const { rule, match } of ordered) {
    const [row] = await sql.query<{ id: string; inserted: boolean }>(UPSERT, [
      scope.organizationId,
      scope.projectId,
      rule.id,
      rule.name,
      rule.type,
      rule.severity,
      match.subjectKey,
      match.agentName,
      match.conversationId,
      dedupKey(rule.id, match.subjectKey),
      match.title.slice(0, 500),
      JSON.stringify(match.measured),
      JSON.stringify(match.evidence),
      match.firstSeenAt.toISOString(),
      match.lastSeenAt.toISOString(),
    ]);
    if (!row) continue;
    const alert = { id: row.id, organizationId: scope.organizationId, projectId: scope.projectId, ruleId: rule.id };
    if (row.inserted) {
      opened++;
      await enqueueAlertWebhooks(sql, alert, "alert.opened");
    } else if (await updateNoticeDue(sql, row.id)) {
      await enqueueAlertWebhooks(sql, alert, "alert.updated");
    }
  }
  return opened;
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
