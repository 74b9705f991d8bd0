// Alert rules of a project: list, create, edit, enable/disable, delete. Every change is
// audit-logged in its transaction; every query names the organization and the project.
import "server-only";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { ApiError, validationError } from "@/lib/http/errors";
import { RULE_PARAM_SCHEMAS, type CreateRuleInput, type RuleType, type UpdateRuleInput } from "./rule-types";
import type { ProjectScope } from "./raise";

const RULE_FIELDS = {
  id: true,
  name: true,
  type: true,
  params: true,
  agentPattern: true,
  severity: true,
  enabled: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type AlertRuleView = Prisma.AlertRuleGetPayload<{ select: typeof RULE_FIELDS }>;

export async function listRules(scope: ProjectScope): Promise<(AlertRuleView & { openAlerts: number })[]> {
  const [rules, open] = await Promise.all([
    db().alertRule.findMany({ where: { organizationId: scope.organizationId, projectId: scope.projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: RULE_FIELDS }),
    db().alert.groupBy({
      by: ["ruleId"],
      where: { organizationId: scope.organizationId, projectId: scope.projectId, status: { in: ["open", "acknowledged"] } },
      _count: { _all: true },
    }),
  ]);
  const counts = new Map(open.map((row) => [row.ruleId, row._count._all]));
  return rules.map((rule) => ({ ...rule, openAlerts: counts.get(rule.id) ?? 0 }));
}

export async function getRule(scope: ProjectScope, ruleId: string): Promise<AlertRuleView> {
  const rule = await db().alertRule.findFirst({ where: { id: ruleId, organizationId: scope.organizationId, projectId: scope.projectId }, select: RULE_FIELDS });
  if (!rule) throw new ApiError("not_found", "No such rule in this project.");
  return rule;
}

export async function createRule(scope: ProjectScope, input: CreateRuleInput, actor: Actor, sourceIp: string | null): Promise<AlertRuleView> {
  return db().$transaction(async (tx) => {
    const rule = await tx.alertRule.create({
      data: {
        organizationId: scope.organizationId,
        projectId: scope.projectId,
        name: input.name,
        type: input.type,
        params: input.params as Prisma.InputJsonObject,
        agentPattern: input.agentPattern,
        severity: input.severity,
        enabled: input.enabled,
        createdById: actor.type === "user" ? actor.id : null,
      },
      select: RULE_FIELDS,
    });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "alert_rule.created",
      targetType: "alert_rule",
      targetId: rule.id,
      metadata: { name: rule.name, type: rule.type, params: input.params as Prisma.InputJsonObject, severity: rule.severity, enabled: rule.enabled },
      sourceIp,
    });
    return rule;
  });
}

/** Params of an edit are checked against the rule's (unchangeable) type: a 422 names the field. */
function checkedParams(type: RuleType, params: unknown): Prisma.InputJsonObject {
  const parsed = RULE_PARAM_SCHEMAS[type].safeParse(params);
  if (!parsed.success) {
    const error = validationError(parsed.error);
    const field = error.options.field ? `params.${error.options.field}` : "params";
    throw new ApiError("validation_failed", `${field}: ${parsed.error.issues[0]?.message ?? "invalid"}`, { field });
  }
  return parsed.data as Prisma.InputJsonObject;
}

export async function updateRule(scope: ProjectScope, ruleId: string, input: UpdateRuleInput, actor: Actor, sourceIp: string | null): Promise<AlertRuleView> {
  return db().$transaction(async (tx) => {
    const where = { id: ruleId, organizationId: scope.organizationId, projectId: scope.projectId };
    const current = await tx.alertRule.findFirst({ where, select: RULE_FIELDS });
    if (!current) throw new ApiError("not_found", "No such rule in this project.");
    const data: Prisma.AlertRuleUpdateManyMutationInput = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.params !== undefined ? { params: checkedParams(current.type, input.params) } : {}),
      ...(input.agentPattern !== undefined ? { agentPattern: input.agentPattern } : {}),
      ...(input.severity !== undefined ? { severity: input.severity } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    };
    await tx.alertRule.updateMany({ where, data });
    const rule = await tx.alertRule.findFirstOrThrow({ where, select: RULE_FIELDS });
    const action = Object.keys(data).length === 1 && input.enabled !== undefined ? (input.enabled ? "alert_rule.enabled" : "alert_rule.disabled") : "alert_rule.updated";
    await recordAudit(tx, {
      ...scope,
      actor,
      action,
      targetType: "alert_rule",
      targetId: rule.id,
      metadata: { name: rule.name, type: rule.type, changed: Object.keys(data), params: rule.params as Prisma.InputJsonObject, enabled: rule.enabled },
      sourceIp,
    });
    return rule;
  });
}

/** Deletes the rule; its alerts stay in the record (ruleId set to null by the foreign key). */
export async function deleteRule(scope: ProjectScope, ruleId: string, actor: Actor, sourceIp: string | null): Promise<{ id: string; deleted: true }> {
  return db().$transaction(async (tx) => {
    const where = { id: ruleId, organizationId: scope.organizationId, projectId: scope.projectId };
    const current = await tx.alertRule.findFirst({ where, select: RULE_FIELDS });
    if (!current) throw new ApiError("not_found", "No such rule in this project.");
    await tx.alertRule.deleteMany({ where });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "alert_rule.deleted",
      targetType: "alert_rule",
      targetId: current.id,
      metadata: { name: current.name, type: current.type },
      sourceIp,
    });
    return { id: current.id, deleted: true };
  });
}
