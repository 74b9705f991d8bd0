import { z } from "zod";
import { createWebhook, createWebhookSchema, listWebhooks } from "@/lib/alerts/webhooks/manage";
import { hasRole } from "@/lib/auth/access";
import { projectRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";

const listQuery = z.object({ ruleId: z.string().min(1).max(100).optional() });

/** The project's webhooks (?ruleId= for one rule's); read-only members see URLs by origin only and never a secret. */
export const GET = projectRoute({}, async ({ request, organizationId, project, access }) => {
  const { ruleId } = parseQuery(listQuery, request.url);
  return {
    webhooks: await listWebhooks({ organizationId, projectId: project.id }, { ruleId, fullUrls: hasRole(access.role, "admin") }),
  };
});

// The signing secret is in this answer and in the rotation's, nowhere else.
export const POST = projectRoute(
  { role: "admin", body: createWebhookSchema, status: 201 },
  async ({ organizationId, project, body, actor, ip }) => createWebhook({ organizationId, projectId: project.id }, body, actor, ip),
);
