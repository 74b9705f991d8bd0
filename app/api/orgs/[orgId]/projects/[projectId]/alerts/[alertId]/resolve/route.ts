import { alertNoteSchema, changeAlertStatus } from "@/lib/alerts/alerts";
import { projectRoute } from "@/lib/auth/route";

/** Resolve with an optional note (owners and admins; viewers are refused). */
export const POST = projectRoute({ role: "admin", body: alertNoteSchema }, async ({ params, organizationId, project, body, actor, ip }) => ({
  alert: await changeAlertStatus({ organizationId, projectId: project.id }, String(params.alertId), "resolve", body.note, actor, ip),
}));
