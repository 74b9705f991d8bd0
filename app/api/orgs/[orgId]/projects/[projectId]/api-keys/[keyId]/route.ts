import { revokeApiKey } from "@/lib/auth/api-keys";
import { projectRoute } from "@/lib/auth/route";

/** Revokes the key (kept in the list, marked revoked); effective on the next request. */
export const DELETE = projectRoute({ role: "admin" }, async ({ organizationId, project, params, actor, ip }) => ({
  apiKey: await revokeApiKey({ organizationId, projectId: project.id }, String(params.keyId), actor, ip),
}));
