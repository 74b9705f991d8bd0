import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, type Db } from "@/lib/db/client";
import { slugify } from "./slug";

export const organizationNameSchema = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
export const createOrganizationSchema = z.object({ name: organizationNameSchema });

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Advisory lock class of slug choices ("SLUG").
const SLUG_LOCK_CLASS = 0x534c5547;

/**
 * A slug not taken yet in `scope` (organizations, or one organization's projects): the name's
 * slug, then name-2 … name-20, then the name with a random suffix. Creations of the same name
 * wait for each other (a transaction-scoped lock on the scope and slug), so each sees the
 * slugs the others committed: six at once answered five 500s from the unique index before.
 */
export async function freeSlug(tx: Tx, scope: string, taken: (slug: string) => Promise<boolean>, name: string): Promise<string> {
  const base = slugify(name);
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock($1, hashtext($2))`, SLUG_LOCK_CLASS, `${scope}/${base}`);
  for (let n = 1; n <= 20; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error(`No free slug for ${name}`);
}

export async function createOrganizationTx(tx: Tx, name: string, ownerUserId: string, actor: Actor) {
  const slug = await freeSlug(tx, "organizations", async (s) => (await tx.organization.count({ where: { slug: s } })) > 0, name);
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
