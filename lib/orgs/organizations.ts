import "server-only";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, type Db } from "@/lib/db/client";
import { slugify } from "./slug";

export const organizationNameSchema = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
export const createOrganizationSchema = z.object({ name: organizationNameSchema });

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** A slug not taken yet: the name's slug, then name-2, name-3… */
export async function freeSlug(taken: (slug: string) => Promise<boolean>, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error(`No free slug for ${name}`);
}

export async function createOrganizationTx(tx: Tx, name: string, ownerUserId: string, actor: Actor) {
  const slug = await freeSlug(async (s) => (await tx.organization.count({ where: { slug: s } })) > 0, name);
  const organization = await tx.organization.create({ data: { name, slug } });
  await tx.membership.create({ data: { organizationId: organization.id, userId: ownerUserId, role: "owner" } });
  await recordAudit(tx, {
    organizationId: organization.id,
    actor,
    action: "organization.created",
    targetType: "organization",
    targetId: organization.id,
    metadata: { name },
  });
  return organization;
}

export function createOrganization(name: string, owner: { id: string; email: string }) {
  return db().$transaction((tx) =>
    createOrganizationTx(tx, name, owner.id, { type: "user", id: owner.id, label: owner.email }),
  );
}

/** The organizations the user belongs to, each with its projects and the user's role. */
export async function listUserOrganizations(userId: string) {
  const memberships = await db().membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      organization: {
        select: {
          id: true,
          slug: true,
          name: true,
          tier: true,
          projects: { select: { id: true, slug: true, name: true }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  return memberships.map(({ role, organization }) => ({ ...organization, role }));
}
