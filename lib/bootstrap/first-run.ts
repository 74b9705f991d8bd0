// Start-up provisioning: the first owner account on an empty installation, and the
// organization, project and API key named by WARDEN_INIT_* for headless set-ups.
// Idempotent: starting twice changes nothing.
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { displayPrefix, hashApiKey, isWellFormedApiKey } from "@/lib/auth/api-key-format";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import type { ServerEnv } from "@/lib/env";
import { emailSchema } from "@/lib/orgs/members";
import { createOrganizationTx } from "@/lib/orgs/organizations";
import { createProjectTx } from "@/lib/orgs/projects";
import { slugify } from "@/lib/orgs/slug";

const SYSTEM: Actor = { type: "system", label: "start-up provisioning" };
const DEFAULT_ADMIN_EMAIL = "admin@warden.local";
const DEFAULT_ORG = "My organization";
const DEFAULT_PROJECT = "Default project";
// Serialises provisioning when several instances start at once.
const BOOTSTRAP_LOCK_KEY = 0x77617264; // "ward"

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProvisioningError";
  }
}

interface Provisioning {
  adminEmail?: string;
  adminPassword?: string;
  org?: string;
  project?: string;
  apiKey?: string;
}

const nameSchema = z.string().trim().min(1).max(100);

/** The variables provisioning reads. */
export type ProvisioningEnv = Pick<
  ServerEnv,
  "WARDEN_ADMIN_EMAIL" | "WARDEN_ADMIN_PASSWORD" | "WARDEN_INIT_ORG" | "WARDEN_INIT_PROJECT" | "WARDEN_INIT_API_KEY"
>;

/** Checks every WARDEN_* provisioning variable up front, so a bad value stops start-up before anything is written. */
export function readProvisioning(env: ProvisioningEnv): Provisioning {
  const out: Provisioning = {};
  const fail = (variable: string, why: string) => {
    throw new ProvisioningError(`${variable} ${why}`);
  };
  if (env.WARDEN_ADMIN_EMAIL !== undefined) {
    const parsed = emailSchema.safeParse(env.WARDEN_ADMIN_EMAIL.trim());
    if (!parsed.success) fail("WARDEN_ADMIN_EMAIL", "is not a valid email address.");
    out.adminEmail = parsed.data;
  }
  if (env.WARDEN_ADMIN_PASSWORD !== undefined) {
    const parsed = passwordSchema.safeParse(env.WARDEN_ADMIN_PASSWORD);
    if (!parsed.success) fail("WARDEN_ADMIN_PASSWORD", `${parsed.error.issues[0]?.message ?? "is not acceptable"}.`);
    out.adminPassword = env.WARDEN_ADMIN_PASSWORD;
  }
  for (const [variable, key] of [["WARDEN_INIT_ORG", "org"], ["WARDEN_INIT_PROJECT", "project"]] as const) {
    const value = env[variable];
    if (value === undefined) continue;
    const parsed = nameSchema.safeParse(value);
    if (!parsed.success) fail(variable, "must be a name of 1 to 100 characters.");
    out[key] = parsed.data;
  }
  if (env.WARDEN_INIT_API_KEY !== undefined) {
    if (!isWellFormedApiKey(env.WARDEN_INIT_API_KEY)) {
      fail("WARDEN_INIT_API_KEY", "must be wdn_live_ followed by at least 43 letters and digits (32 random bytes in base62).");
    }
    if (!out.org || !out.project) fail("WARDEN_INIT_API_KEY", "needs WARDEN_INIT_ORG and WARDEN_INIT_PROJECT to say where the key belongs.");
    out.apiKey = env.WARDEN_INIT_API_KEY;
  }
  if (out.project && !out.org) fail("WARDEN_INIT_PROJECT", "needs WARDEN_INIT_ORG.");
  return out;
}

function randomPassword(): string {
  // 20 characters from a 56-letter alphabet without look-alikes: about 116 bits.
  // Rejection sampling (bytes below 224 = 4 × 56) keeps every letter equally likely.
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let out = "";
  while (out.length < 20) {
    for (const byte of randomBytes(32)) if (byte < 224 && out.length < 20) out += alphabet[byte % alphabet.length];
  }
  return out;
}

export interface FirstRunResult {
  /** Set only when this start created the first owner with a generated password. */
  createdAdmin?: { id: string; email: string; password: string | null };
  provisionedKey?: "created" | "existing";
}

export async function runProvisioning(env: ProvisioningEnv): Promise<FirstRunResult> {
  const wanted = readProvisioning(env);
  const passwordHash = wanted.adminPassword ? await hashPassword(wanted.adminPassword) : undefined;
  const generated = wanted.adminPassword ? undefined : randomPassword();
  const generatedHash = generated ? await hashPassword(generated) : undefined;

  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
      const result: FirstRunResult = {};
      const firstRun = (await tx.user.count()) === 0;

      let admin: { id: string } | null = null;
      if (firstRun) {
        const email = wanted.adminEmail ?? DEFAULT_ADMIN_EMAIL;
        admin = await tx.user.create({
          data: { email, name: "Administrator", passwordHash: (passwordHash ?? generatedHash)! },
          select: { id: true },
        });
        result.createdAdmin = { id: admin.id, email, password: wanted.adminPassword ? null : generated! };
      } else if (wanted.adminEmail) {
        admin = await tx.user.findUnique({ where: { email: wanted.adminEmail }, select: { id: true } });
        if (!admin) {
          if (!passwordHash) {
            throw new ProvisioningError(
              "WARDEN_ADMIN_EMAIL names a user that does not exist yet; set WARDEN_ADMIN_PASSWORD too to create it.",
            );
          }
          admin = await tx.user.create({ data: { email: wanted.adminEmail, name: "Administrator", passwordHash }, select: { id: true } });
        }
      }

      const orgName = wanted.org ?? (firstRun ? DEFAULT_ORG : undefined);
      if (!orgName) return result;
      let organization = await tx.organization.findUnique({ where: { slug: slugify(orgName) }, select: { id: true } });
      if (!organization) {
        if (!admin) throw new ProvisioningError("WARDEN_INIT_ORG needs an owner: set WARDEN_ADMIN_EMAIL (and WARDEN_ADMIN_PASSWORD for a new user).");
        organization = await createOrganizationTx(tx, orgName, admin.id, SYSTEM);
      } else if (admin) {
        const membership = await tx.membership.findUnique({
          where: { organizationId_userId: { organizationId: organization.id, userId: admin.id } },
        });
        if (!membership) {
          const created = await tx.membership.create({ data: { organizationId: organization.id, userId: admin.id, role: "owner" } });
          await recordAudit(tx, {
            organizationId: organization.id,
            actor: SYSTEM,
            action: "member.added",
            targetType: "membership",
            targetId: created.id,
            metadata: { role: "owner", provisioned: true },
          });
        }
      }

      const projectName = wanted.project ?? (firstRun ? DEFAULT_PROJECT : undefined);
      if (!projectName) return result;
      const project =
        (await tx.project.findUnique({
          where: { organizationId_slug: { organizationId: organization.id, slug: slugify(projectName) } },
          select: { id: true },
        })) ?? (await createProjectTx(tx, organization.id, projectName, SYSTEM));

      if (wanted.apiKey) {
        const keyHash = hashApiKey(wanted.apiKey);
        const existing = await tx.apiKey.findUnique({ where: { keyHash }, select: { projectId: true } });
        if (existing && existing.projectId !== project.id) {
          throw new ProvisioningError("WARDEN_INIT_API_KEY is already registered for another project.");
        }
        if (existing) result.provisionedKey = "existing";
        else {
          const key = await tx.apiKey.create({
            data: {
              organizationId: organization.id,
              projectId: project.id,
              name: "Provisioned at start-up (WARDEN_INIT_API_KEY)",
              prefix: displayPrefix(wanted.apiKey),
              keyHash,
              scopes: ["scan", "ingest", "read"],
            },
            select: { id: true, prefix: true },
          });
          await recordAudit(tx, {
            organizationId: organization.id,
            projectId: project.id,
            actor: SYSTEM,
            action: "api_key.created",
            targetType: "api_key",
            targetId: key.id,
            metadata: { prefix: key.prefix, provisioned: true },
          });
          result.provisionedKey = "created";
        }
      }
      return result;
    },
    { timeout: 30_000 },
  );
}
