import { projectRoute } from "@/lib/auth/route";
import { listProjectConversations, parseConversationListQuery } from "@/lib/dashboard/conversations";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { ApiError } from "@/lib/http/errors";

/**
 * ?risk=any|risky|blocked&q=<part of the conversation id>&cursor=&limit=, and optionally
 * ?range=1h|24h|7d|30d or ?from=&to=: conversations active in that range (none given: all).
 */
export const GET = projectRoute({}, async ({ request, organizationId, project }) => {
  const params = new URL(request.url).searchParams;
  const query = parseConversationListQuery(request.url);
  if (!["range", "from", "to"].some((key) => params.has(key))) return listProjectConversations({ organizationId, projectId: project.id }, query);
  const parsed = parseTimeRange(params, new Date());
  if (!parsed.ok) throw new ApiError("validation_failed", parsed.error.message, { field: parsed.error.field });
  return listProjectConversations({ organizationId, projectId: project.id }, query, parsed.range);
});
