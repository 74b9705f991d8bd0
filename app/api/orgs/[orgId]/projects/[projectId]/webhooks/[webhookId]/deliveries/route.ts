import { deliveryQuerySchema, listDeliveries } from "@/lib/alerts/webhooks/deliveries";
import { hasRole } from "@/lib/auth/access";
import { projectRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";

/** The webhook's deliveries, newest first (?status=, ?cursor=, ?limit=). */
export const GET = projectRoute({}, async ({ request, organizationId, project, params, access }) => {
  const query = { ...parseQuery(deliveryQuerySchema.omit({ webhookId: true }), request.url), webhookId: String(params.webhookId) };
  return listDeliveries({ organizationId, projectId: project.id }, query, { fullUrls: hasRole(access.role, "admin") });
});
