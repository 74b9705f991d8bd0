import { deliveryQuerySchema, listDeliveries } from "@/lib/alerts/webhooks/deliveries";
import { hasRole } from "@/lib/auth/access";
import { projectRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";

/** Deliveries of the project, newest first: ?alertId= for an alert's (the alert page), ?webhookId=, ?status=. */
export const GET = projectRoute({}, async ({ request, organizationId, project, access }) =>
  listDeliveries({ organizationId, projectId: project.id }, parseQuery(deliveryQuerySchema, request.url), {
    fullUrls: hasRole(access.role, "admin"),
  }),
);
