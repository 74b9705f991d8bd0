import { alertApiQuerySchema, listAlertsForApi } from "@/lib/alerts/read-api";
import { apiKeyRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";

/** Alerts of the key's project, newest first: ?status=&from=&to=&limit=&cursor= */
export const GET = apiKeyRoute({ scope: "read" }, async ({ principal, request }) =>
  listAlertsForApi({ organizationId: principal.organizationId, projectId: principal.projectId }, parseQuery(alertApiQuerySchema, request.url)),
);
