import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/auth/api-keys";
import { projectRoute } from "@/lib/auth/route";

export const GET = projectRoute({}, async ({ organizationId, project }) => ({
  apiKeys: await listApiKeys({ organizationId, projectId: project.id }),
}));

// The secret is in this answer and nowhere else, ever.
export const POST = projectRoute(
  { role: "admin", body: createApiKeySchema, status: 201 },
  async ({ organizationId, project, body, actor, ip }) => {
    const { key, secret } = await createApiKey({ organizationId, projectId: project.id }, body, actor, ip);
    return { apiKey: key, secret };
  },
);
