import { rotateWebhookSecret } from "@/lib/alerts/webhooks/manage";
import { projectRoute } from "@/lib/auth/route";

/** A new signing secret, shown in this answer only; the old one stops working at once. */
export const POST = projectRoute({ role: "admin" }, async ({ organizationId, project, params, actor, ip }) =>
  rotateWebhookSecret({ organizationId, projectId: project.id }, String(params.webhookId), actor, ip),
);
