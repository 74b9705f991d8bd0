// Members and roles. The last owner of an organization can be neither removed nor
// demoted; the check runs under a row lock so two concurrent demotions cannot both pass.
import "server-only";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/access";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { db, type Db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/enums";
import { ApiError } from "@/lib/http/errors";

export const ROLES = Object.values(Role);
export const emailSchema = z
  .email("must be a valid email address")
  .max(320)
  .transform((value) => value.toLowerCase());

export const addMemberSchema = z.object({
  email: z.string().trim().pipe(emailSchema),
  role: z.enum(ROLES),
  // Only for a person without an account yet: their first password, to hand over.
  name: z.string().trim().min(1).max(100).optional(),
  password: passwordSchema.optional(),
});
export const changeRoleSchema = z.object({ role: z.enum(ROLES) });

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const memberFields = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

export function listMembers(organizationId: string) {
  return db().membership.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: memberFields });
}

interface Change {
  organizationId: string;
  actor: Actor;
  /** The signed-in member making the change; their role is re-read under the lock. */
  actorUserId: string;
  sourceIp: string | null;
}

export async function addMember(change: Change, input: z.output<typeof addMemberSchema>) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db().$transaction(async (tx) => {
    const actorRole = await lockOwnersAndReadActorRole(tx, change);
    assertMayTouchOwnerRole(actorRole, input.role);
    let user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (!user) {
      if (!passwordHash) {
        throw new ApiError("validation_failed", "password: required to create an account for a new member", {
          field: "password",
        });
      }
      user = await tx.user.create({
        data: { email: input.email, name: input.name ?? input.email.split("@")[0] ?? input.email, passwordHash },
        select: { id: true },
      });
    }
    const existing = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: change.organizationId, userId: user.id } },
      select: { id: true },
    });
    if (existing) throw new ApiError("conflict", "This person is already a member.", { field: "email" });
    const member = await tx.membership.create({
      data: { organizationId: change.organizationId, userId: user.id, role: input.role },
      select: memberFields,
    });
    await recordAudit(tx, {
      organizationId: change.organizationId,
      actor: change.actor,
      action: "member.added",
      targetType: "membership",
      targetId: member.id,
      metadata: { email: input.email, role: input.role },
      sourceIp: change.sourceIp,
    });
    return member;
  });
}

/**
 * Locks the organization's owner rows (in id order, so concurrent changes queue
 * instead of deadlocking) and the caller's own row, then returns the caller's role
 * as it is now: a role read before the lock may have been taken away meanwhile.
 */
async function lockOwnersAndReadActorRole(tx: Tx, change: Change): Promise<Role> {
  await tx.$queryRaw`SELECT id FROM "Membership" WHERE "organizationId" = ${change.organizationId} AND role = 'owner' ORDER BY id FOR UPDATE`;
  const rows = await tx.$queryRaw<{ role: Role }[]>`
    SELECT role FROM "Membership" WHERE "organizationId" = ${change.organizationId} AND "userId" = ${change.actorUserId} FOR UPDATE`;
  const role = rows[0]?.role;
  if (!role) throw new ApiError("not_found", "No such organization.");
  if (!hasRole(role, "admin")) throw new ApiError("forbidden", `This needs the admin role; you are ${role}.`);
  return role;
}

async function findMember(tx: Tx, organizationId: string, membershipId: string) {
  const member = await tx.membership.findFirst({ where: { id: membershipId, organizationId }, select: memberFields });
  if (!member) throw new ApiError("not_found", "No such member.");
  return member;
}

async function assertNotLastOwner(tx: Tx, organizationId: string, member: { role: Role }): Promise<void> {
  if (member.role !== "owner") return;
  const owners = await tx.membership.count({ where: { organizationId, role: "owner" } });
  if (owners <= 1) throw new ApiError("conflict", "An organization must keep at least one owner.");
}

/** Only owners may grant or take away the owner role. */
function assertMayTouchOwnerRole(actorRole: Role, ...roles: Role[]): void {
  if (roles.includes("owner") && actorRole !== "owner") {
    throw new ApiError("forbidden", "Only an owner can change an owner's role or make someone an owner.");
  }
}

export async function changeMemberRole(change: Change, membershipId: string, role: Role) {
  return db().$transaction(async (tx) => {
    const actorRole = await lockOwnersAndReadActorRole(tx, change);
    const member = await findMember(tx, change.organizationId, membershipId);
    assertMayTouchOwnerRole(actorRole, member.role, role);
    if (member.role === role) return member;
    if (role !== "owner") await assertNotLastOwner(tx, change.organizationId, member);
    const updated = await tx.membership.update({ where: { id: member.id }, data: { role }, select: memberFields });
    await recordAudit(tx, {
      organizationId: change.organizationId,
      actor: change.actor,
      action: "member.role_changed",
      targetType: "membership",
      targetId: member.id,
      metadata: { email: member.user.email, from: member.role, to: role },
      sourceIp: change.sourceIp,
    });
    return updated;
  });
}

export async function removeMember(change: Change, membershipId: string) {
  return db().$transaction(async (tx) => {
    const actorRole = await lockOwnersAndReadActorRole(tx, change);
    const member = await findMember(tx, change.organizationId, membershipId);
    assertMayTouchOwnerRole(actorRole, member.role);
    await assertNotLastOwner(tx, change.organizationId, member);
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit(tx, {
      organizationId: change.organizationId,
      actor: change.actor,
      action: "member.removed",
      targetType: "membership",
      targetId: member.id,
      metadata: { email: member.user.email, role: member.role },
      sourceIp: change.sourceIp,
    });
    return { id: member.id };
  });
}
