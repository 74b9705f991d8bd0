import { apiKeyRoute } from "@/lib/auth/route";
import { ApiError } from "@/lib/http/errors";
import { recordScanEvent } from "@/lib/ingest/record-event";
import { toScanResponse } from "@/lib/scan/answer";
import { detectionSettingsFrom, scanWithPolicy } from "@/lib/scan/project-detection";
import { MAX_SCAN_BODY_BYTES, MAX_SCAN_TEXT_LENGTH, scanRequestSchema } from "@/lib/scan/schemas";

/** Scans one text under the project's policy, stores the event, and answers the verdict. */
export const POST = apiKeyRoute(
  { scope: "scan", body: scanRequestSchema, bodyLimitBytes: MAX_SCAN_BODY_BYTES },
  async ({ principal, body }) => {
    if (body.text.length > MAX_SCAN_TEXT_LENGTH) {
      throw new ApiError("payload_too_large", `text: must be at most ${MAX_SCAN_TEXT_LENGTH} characters`, { field: "text" });
    }
    const scope = { organizationId: principal.organizationId, projectId: principal.projectId };
    const settings = detectionSettingsFrom(principal.projectSettings);
    const scan = scanWithPolicy(body.text, body.direction, settings.policy);
    // The verdict is answered even when the quota keeps the event from being stored:
    // protection must not fail open.
    const stored = await recordScanEvent(scope, {
      source: "scan",
      agentName: body.context.agent_id,
      direction: body.direction,
      verdict: scan.verdict,
      riskScore: scan.riskScore,
      findings: scan.findings,
      text: body.text,
      textStorage: settings.textStorage,
      latencyMs: scan.latencyMs,
      conversationRef: body.context.conversation_id,
      toAgent: body.context.to_agent,
      metadata: body.context.metadata,
    });
    return toScanResponse(stored.id, scan);
  },
);
