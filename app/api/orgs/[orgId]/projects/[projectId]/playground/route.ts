import { z } from "zod";
import { projectRoute } from "@/lib/auth/route";
import { DIRECTIONS } from "@/lib/detection";
import { toScanResponse } from "@/lib/scan/answer";
import { loadDetectionSettings, scanWithPolicy } from "@/lib/scan/project-detection";
import { MAX_SCAN_BODY_BYTES, MAX_SCAN_TEXT_LENGTH } from "@/lib/scan/schemas";

const playgroundSchema = z.object({
  text: z.string().min(1, "must not be empty").max(MAX_SCAN_TEXT_LENGTH, `must be at most ${MAX_SCAN_TEXT_LENGTH} characters`),
  direction: z.enum(DIRECTIONS),
});

/** The verdict the scan API would give for this project, without storing an event. */
export const POST = projectRoute({ body: playgroundSchema }, async ({ organizationId, project, body }) => {
  const { policy } = await loadDetectionSettings({ organizationId, projectId: project.id });
  return toScanResponse(null, scanWithPolicy(body.text, body.direction, policy));
});
