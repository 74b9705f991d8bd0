import { projectRoute } from "@/lib/auth/route";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { ApiError } from "@/lib/http/errors";
import { eventQuerySchema, listEventSummaries } from "@/lib/ingest/read";
import { parseQuery } from "@/lib/http/query";

/**
 * The events explorer's table: the filters of GET /api/v1/events (agent_id, verdict, direction,
 * category, conversation_id, q, cursor, limit) within ?range=1h|24h|7d|30d or ?from=&to=.
 * Answers the resolved range, so the next pages can ask for exactly the same one.
 */
export const GET = projectRoute({}, async ({ request, organizationId, project }) => {
  const parsed = parseTimeRange(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) throw new ApiError("validation_failed", parsed.error.message, { field: parsed.error.field });
  const { from, to } = parsed.range;
  const query = { ...parseQuery(eventQuerySchema, request.url), from: from.toISOString(), to: to.toISOString() };
  const page = await listEventSummaries({ organizationId, projectId: project.id }, query);
  return { ...page, range: { from: query.from, to: query.to, preset: parsed.range.preset } };
});
