// The only place that decides what a member may see and do in an organization.
import "server-only";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { ApiError } from "@/lib/http/errors";

const RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };

export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export interface OrgAccess {
  organization: { id: string; slug: string; name: string; tier: string };
  role: Role;
}

/** The caller's membership of an organization, found by id or slug; 404 when not a member, so existence does not leak. */
export async function resolveOrgAccess(userId: string, org: { id: string } | { slug: string }): Promise<OrgAccess> {
  const membership = await db().membership.findFirst({
    where: { userId, organization: "id" in org ? { id: org.id } : { slug: org.slug } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true, tier: true } } },
  });
  if (!membership) throw new ApiError("not_found", "No such organization.");
  return { organization: membership.organization, role: membership.role };
}

export function assertRole(access: OrgAccess, minimum: Role): void {
  if (!hasRole(access.role, minimum)) {
    throw new ApiError("forbidden", `This needs the ${minimum} role; you are ${access.role}.`);
  }
}

/** A project of the organization by id or slug, or 404. */
export async function resolveProject(organizationId: string, project: { id: string } | { slug: string }) {
  const found = await db().project.findFirst({
    where: { organizationId, ...project },
    select: { id: true, slug: true, name: true, organizationId: true },
  });
  if (!found) throw new ApiError("not_found", "No such project.");
  return found;
}
