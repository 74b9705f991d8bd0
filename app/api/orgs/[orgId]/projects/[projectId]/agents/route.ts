import { projectRoute } from "@/lib/auth/route";
import { agentsOverview } from "@/lib/dashboard/agents";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { ApiError } from "@/lib/http/errors";

/** ?range=1h|24h|7d|30d or ?from=&to= (ISO with offset) */
export const GET = projectRoute({}, async ({ request, organizationId, project }) => {
  const parsed = parseTimeRange(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) throw new ApiError("validation_failed", parsed.error.message, { field: parsed.error.field });
  return agentsOverview({ organizationId, projectId: project.id }, parsed.range);
});
