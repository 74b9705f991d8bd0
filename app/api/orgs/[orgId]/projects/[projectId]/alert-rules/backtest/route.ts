import { backtestRule } from "@/lib/alerts/backtest";
import { backtestRuleSchema } from "@/lib/alerts/rule-types";
import { projectRoute } from "@/lib/auth/route";

/** Runs an unsaved rule over the last 7 days of the project's data; writes nothing. */
export const POST = projectRoute({ body: backtestRuleSchema }, async ({ organizationId, project, body }) => backtestRule({ organizationId, projectId: project.id }, body));
