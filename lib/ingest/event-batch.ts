// POST /api/v1/events: a batch of scan events produced by another scanner. The
// envelope is checked first; then each item on its own, so one bad item is
// rejected with its field and reason while the others are stored.
import "server-only";
import type { Finding } from "@/lib/detection";
import { fieldPath } from "@/lib/http/errors";
import type { TextStorageMode } from "@/lib/scan/project-detection";
import type { QuotaPolicy } from "@/lib/usage/quota";
import type { EnabledRuleRows } from "@/lib/alerts/enabled-rules-sql";
import { storeScanEvents, type ProjectScope, type ScanEventInput } from "./record-event";
import { eventInputSchema, type EventBatchResponse, type EventItemResult } from "./schemas";

/** `read`: the organization's quota policy and the project's alert rules, when the caller read them already (with the API key). */
export async function ingestEventBatch(
  scope: ProjectScope,
  items: unknown[],
  textStorage: TextStorageMode,
  read: { quotaPolicy?: QuotaPolicy; alertRules?: EnabledRuleRows } = {},
): Promise<EventBatchResponse> {
  const results: EventItemResult[] = new Array(items.length);
  const valid: { index: number; input: ScanEventInput }[] = [];

  items.forEach((item, index) => {
    const parsed = eventInputSchema.safeParse(item);
    const clientId = typeof (item as { id?: unknown })?.id === "string" ? ((item as { id: string }).id) : null;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue ? fieldPath(issue.path) : undefined;
      results[index] = { id: clientId, index, status: "rejected", error: { field: field || undefined, message: issue?.message ?? "invalid event" } };
      return;
    }
    const event = parsed.data;
    valid.push({
      index,
      input: {
        source: "ingest",
        clientEventId: event.id,
        agentName: event.agent_id,
        direction: event.direction,
        verdict: event.verdict,
        riskScore: event.risk_score,
        findings: event.findings as Finding[],
        text: event.text ?? null,
        textSha256: event.text_sha256,
        textLength: event.text_length,
        textStorage,
        latencyMs: event.latency_ms ?? 0,
        conversationRef: event.conversation_id,
        toAgent: event.to_agent,
        metadata: event.metadata,
        occurredAt: event.occurred_at ? new Date(event.occurred_at) : undefined,
        engineVersion: event.scanner ?? "external",
      },
    });
  });

  const stored = await storeScanEvents(scope, valid.map((v) => v.input), read);
  valid.forEach(({ index, input }, i) => {
    const result = stored[i]!;
    results[index] = { id: input.clientEventId ?? null, index, status: result.status, ...(result.id ? { event_id: result.id } : {}) };
  });

  const count = (status: EventItemResult["status"]) => results.filter((r) => r.status === status).length;
  return { results, stored: count("stored"), duplicates: count("duplicate"), rejected: count("rejected"), quota_exceeded: count("quota_exceeded") };
}
