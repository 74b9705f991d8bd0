import { createRuleSchema } from "@/lib/alerts/rule-types";
import { createRule, listRules } from "@/lib/alerts/rules";
import { projectRoute } from "@/lib/auth/route";

export const GET = projectRoute({}, async ({ organizationId, project }) => ({ rules: await listRules({ organizationId, projectId: project.id }) }));

export const POST = projectRoute({ role: "admin", body: createRuleSchema, status: 201 }, async ({ organizationId, project, body, actor, ip }) => ({
  rule: await createRule({ organizationId, projectId: project.id }, body, actor, ip),
}));
