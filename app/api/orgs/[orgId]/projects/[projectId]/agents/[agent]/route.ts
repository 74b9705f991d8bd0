import { projectRoute } from "@/lib/auth/route";
import { agentDetail } from "@/lib/dashboard/agent-detail";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { ApiError } from "@/lib/http/errors";
import { LIMITS } from "@/lib/ingest/canonical";

/** One agent, by its name (URL-encoded): ?range=1h|24h|7d|30d or ?from=&to= (ISO with offset), &tz=<IANA zone> */
export const GET = projectRoute({}, async ({ request, params, organizationId, project }) => {
  const name = params.agent;
  // No stored agent has a longer name (transcript senders are the longest), so skip the lookup.
  if (typeof name !== "string" || name.length === 0 || name.length > LIMITS.maxNameChars) throw new ApiError("not_found", "No such agent in this project.");
  const parsed = parseTimeRange(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) throw new ApiError("validation_failed", parsed.error.message, { field: parsed.error.field });
  return agentDetail({ organizationId, projectId: project.id }, name, parsed.range, parsed.timeZone);
});
