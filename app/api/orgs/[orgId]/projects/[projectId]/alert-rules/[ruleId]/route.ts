import { updateRuleSchema } from "@/lib/alerts/rule-types";
import { deleteRule, getRule, updateRule } from "@/lib/alerts/rules";
import { projectRoute } from "@/lib/auth/route";

export const GET = projectRoute({}, async ({ params, organizationId, project }) => ({ rule: await getRule({ organizationId, projectId: project.id }, String(params.ruleId)) }));

/** Edit, enable or disable: any of name, params, agentPattern, severity, enabled. */
export const PATCH = projectRoute({ role: "admin", body: updateRuleSchema }, async ({ params, organizationId, project, body, actor, ip }) => ({
  rule: await updateRule({ organizationId, projectId: project.id }, String(params.ruleId), body, actor, ip),
}));

export const DELETE = projectRoute({ role: "admin" }, async ({ params, organizationId, project, actor, ip }) =>
  deleteRule({ organizationId, projectId: project.id }, String(params.ruleId), actor, ip),
);
