import "server-only";
import { z } from "zod";
import { createDefaultRules } from "@/lib/alerts/defaults";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, type Db } from "@/lib/db/client";
import { freeSlug } from "./organizations";

export const createProjectSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
});

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export async function createProjectTx(tx: Tx, organizationId: string, name: string, actor: Actor, sourceIp: string | null = null) {
  const slug = await freeSlug(tx, `projects of ${organizationId}`, async (s) => (await tx.project.count({ where: { organizationId, slug: s } })) > 0, name);
  const project = await tx.project.create({
    data: { organizationId, name, slug },
    select: { id: true, slug: true, name: true, createdAt: true },
  });
  await createDefaultRules(tx, { organizationId, projectId: project.id });
  await recordAudit(tx, {
    organizationId,
    projectId: project.id,
    actor,
    action: "project.created",
    targetType: "project",
    targetId: project.id,
    metadata: { name },
    sourceIp,
  });
  return project;
}

export function createProject(organizationId: string, name: string, actor: Actor, sourceIp: string | null) {
  return db().$transaction((tx) => createProjectTx(tx, organizationId, name, actor, sourceIp));
}

export function listProjects(organizationId: string) {
  return db().project.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, name: true, createdAt: true },
  });
}
