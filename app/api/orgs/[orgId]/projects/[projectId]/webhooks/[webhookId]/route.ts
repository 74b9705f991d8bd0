import { deleteWebhook, getWebhook, updateWebhook, updateWebhookSchema } from "@/lib/alerts/webhooks/manage";
import { projectRoute } from "@/lib/auth/route";

export const GET = projectRoute({ role: "admin" }, async ({ organizationId, project, params }) => ({
  webhook: await getWebhook({ organizationId, projectId: project.id }, String(params.webhookId)),
}));

/** Changes the URL, the rule (null: every alert of the project) or enabled. */
export const PATCH = projectRoute({ role: "admin", body: updateWebhookSchema }, async ({ organizationId, project, params, body, actor, ip }) => ({
  webhook: await updateWebhook({ organizationId, projectId: project.id }, String(params.webhookId), body, actor, ip),
}));

export const DELETE = projectRoute({ role: "admin" }, async ({ organizationId, project, params, actor, ip }) =>
  deleteWebhook({ organizationId, projectId: project.id }, String(params.webhookId), actor, ip),
);
