// A project's detection settings and the scan under them: what the scan API, the
// playground and transcript ingest all call, so they give the same verdict.
import "server-only";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import {
  decideVerdict,
  policyOverrideSchema,
  resolvePolicy,
  scanText,
  type Direction,
  type Finding,
  type Policy,
  type Verdict,
} from "@/lib/detection";
import { ApiError } from "@/lib/http/errors";

export const TEXT_STORAGE_MODES = ["masked", "full", "none"] as const;
export type TextStorageMode = (typeof TEXT_STORAGE_MODES)[number];

export interface DetectionSettings {
  policy: Policy;
  textStorage: TextStorageMode;
}

export const updateDetectionSettingsSchema = z.object({
  policy: policyOverrideSchema,
  textStorage: z.enum(TEXT_STORAGE_MODES),
});

/** A project's settings as stored: the policy overrides (JSON) and the storage mode. */
export interface StoredDetectionSettings {
  detectionPolicy: unknown;
  textStorage: TextStorageMode;
}

export function detectionSettingsFrom(stored: StoredDetectionSettings): DetectionSettings {
  return { policy: resolvePolicyOrDefault(stored.detectionPolicy), textStorage: stored.textStorage };
}

export async function loadDetectionSettings(scope: { organizationId: string; projectId: string }): Promise<DetectionSettings> {
  const project = await db().project.findFirst({
    where: { id: scope.projectId, organizationId: scope.organizationId },
    select: { detectionPolicy: true, textStorage: true },
  });
  if (!project) throw new ApiError("not_found", "No such project.");
  return detectionSettingsFrom(project);
}

export async function updateDetectionSettings(
  scope: { organizationId: string; projectId: string },
  input: z.output<typeof updateDetectionSettingsSchema>,
  actor: Actor,
  sourceIp: string | null,
): Promise<DetectionSettings> {
  const policy = resolvePolicy(input.policy);
  await db().$transaction(async (tx) => {
    const before = await tx.project.findFirst({ where: { id: scope.projectId, organizationId: scope.organizationId }, select: { detectionPolicy: true, textStorage: true } });
    if (!before) throw new ApiError("not_found", "No such project.");
    await tx.project.updateMany({
      where: { id: scope.projectId, organizationId: scope.organizationId },
      data: { detectionPolicy: policy as unknown as Prisma.InputJsonObject, textStorage: input.textStorage },
    });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "detection_policy.updated",
      targetType: "project",
      targetId: scope.projectId,
      metadata: { changes: describeChanges(resolvePolicyOrDefault(before.detectionPolicy), policy), textStorage: { from: before.textStorage, to: input.textStorage } },
      sourceIp,
    });
  });
  return { policy, textStorage: input.textStorage };
}

// A stored policy that no longer parses (an engine upgrade renamed a category) must
// not fail scans open or closed: fall back to the defaults.
function resolvePolicyOrDefault(stored: unknown): Policy {
  try {
    return resolvePolicy(stored);
  } catch {
    return resolvePolicy(undefined);
  }
}

/** "code_execution.inbound: block@0.9 → flag@0.9" for each changed rule, for the audit log. */
function describeChanges(before: Policy, after: Policy): string[] {
  const changes: string[] = [];
  for (const category of Object.keys(after) as (keyof Policy)[]) {
    for (const direction of Object.keys(after[category]) as Direction[]) {
      const a = before[category][direction];
      const b = after[category][direction];
      if (a.action !== b.action || a.threshold !== b.threshold) {
        changes.push(`${category}.${direction}: ${a.action}@${a.threshold} → ${b.action}@${b.threshold}`);
      }
    }
  }
  return changes;
}

export interface ProjectScan {
  verdict: Verdict;
  blocked: boolean;
  riskScore: number;
  findings: Finding[];
  latencyMs: number;
}

/** Scans text under a project's policy. Pure apart from the clock: never touches the database. */
export function scanWithPolicy(text: string, direction: Direction, policy: Policy): ProjectScan {
  const started = performance.now();
  const scan = scanText(text);
  const { verdict, blocked } = decideVerdict(scan, policy, direction);
  const latencyMs = performance.now() - started;
  return { verdict, blocked, riskScore: scan.riskScore, findings: scan.findings, latencyMs };
}

