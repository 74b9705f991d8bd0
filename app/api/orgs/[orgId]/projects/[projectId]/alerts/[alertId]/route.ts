import { getAlert } from "@/lib/alerts/alerts";
import { projectRoute } from "@/lib/auth/route";

/** One alert with its evidence and webhook deliveries; 404 for an id of any other project. */
export const GET = projectRoute({}, async ({ params, organizationId, project }) => getAlert({ organizationId, projectId: project.id }, String(params.alertId)));
