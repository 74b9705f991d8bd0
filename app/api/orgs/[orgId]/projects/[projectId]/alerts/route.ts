import { alertAgents, alertFeedQuerySchema, listAlerts } from "@/lib/alerts/alerts";
import { projectRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";

/** The alert feed: ?status=open|acknowledged|resolved&severity=&rule_type=&agent=&cursor=&limit= */
export const GET = projectRoute({}, async ({ request, organizationId, project }) => {
  const scope = { organizationId, projectId: project.id };
  const query = parseQuery(alertFeedQuerySchema, request.url);
  const [page, agents] = await Promise.all([listAlerts(scope, query), alertAgents(scope)]);
  return { ...page, agents };
});
