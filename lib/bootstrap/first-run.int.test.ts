// Start-up provisioning against a real database: the first owner on an empty
// installation, WARDEN_ADMIN_* and WARDEN_INIT_* for headless set-ups, idempotence,
// and refusal of malformed values before anything is written.
import { beforeEach, describe, expect, it } from "vitest";
import * as whoami from "@/app/api/v1/whoami/route";
import { generateApiKeySecret, hashApiKey } from "@/lib/auth/api-key-format";
import { verifyPassword } from "@/lib/auth/password";
import { ProvisioningError, readProvisioning, runProvisioning } from "@/lib/bootstrap/first-run";
import { db } from "@/lib/db/client";
import type { ProvisioningEnv } from "./first-run";
import { call, createUser, tableCounts } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

// What serverEnv() yields with no provisioning variable set: the schema turns each
// absent variable into an explicit undefined.
const BASE_ENV: ProvisioningEnv = {
  WARDEN_ADMIN_EMAIL: undefined,
  WARDEN_ADMIN_PASSWORD: undefined,
  WARDEN_INIT_ORG: undefined,
  WARDEN_INIT_PROJECT: undefined,
  WARDEN_INIT_API_KEY: undefined,
};
const env = (variables: Partial<ProvisioningEnv> = {}): ProvisioningEnv => ({ ...BASE_ENV, ...variables });

const ADMIN_PASSWORD = "quiet meadow lantern 2042";
const HEADLESS = {
  WARDEN_ADMIN_EMAIL: "Ops.Team@Acme.example",
  WARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
  WARDEN_INIT_ORG: "Acme Robotics",
  WARDEN_INIT_PROJECT: "Support agents",
};

// Each test starts from an empty installation.
beforeEach(async () => {
  await db().$executeRawUnsafe(`TRUNCATE "User", "Organization", "Membership", "Project", "ApiKey", "AuditLogEntry" CASCADE`);
});

const counts = tableCounts;
const EMPTY = { users: 0, organizations: 0, memberships: 0, projects: 0, apiKeys: 0, auditEntries: 0 };

async function storedPasswordHash(email: string): Promise<string> {
  const user = await db().user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
  return user.passwordHash;
}

describe("first start on an empty database", () => {
  it("creates one owner with a generated 20-character password returned once, stored only as an argon2id hash", async () => {
    const result = await runProvisioning(env());
    expect(result.createdAdmin?.email).toBe("admin@warden.local");
    const password = result.createdAdmin?.password ?? "";
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);

    const hash = await storedPasswordHash("admin@warden.local");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(hash, password)).toBe(true);
    expect(await verifyPassword(hash, `${password}x`)).toBe(false);
    const dump = JSON.stringify(await db().$queryRawUnsafe(`SELECT * FROM "User"`));
    expect(dump).not.toContain(password);
  });

  it("creates the owner's organization and a project in it, with audit entries", async () => {
    await runProvisioning(env());
    expect(await counts()).toMatchObject({ users: 1, organizations: 1, memberships: 1, projects: 1, apiKeys: 0 });
    const user = await db().user.findUniqueOrThrow({ where: { email: "admin@warden.local" }, select: { id: true } });
    const membership = await db().membership.findFirstOrThrow({ select: { userId: true, role: true, organization: { select: { name: true, id: true } } } });
    expect(membership).toMatchObject({ userId: user.id, role: "owner", organization: { name: "My organization" } });
    const project = await db().project.findFirstOrThrow({ select: { name: true, organizationId: true } });
    expect(project).toEqual({ name: "Default project", organizationId: membership.organization.id });
    const actions = (await db().auditLogEntry.findMany({ orderBy: { createdAt: "asc" }, select: { action: true, actorType: true } })).map(
      (entry) => `${entry.actorType}:${entry.action}`,
    );
    expect(actions).toEqual(["system:organization.created", "system:project.created"]);
  });

  it("a second start creates nothing and returns no password", async () => {
    const first = await runProvisioning(env());
    const after = await counts();
    const second = await runProvisioning(env());
    expect(second.createdAdmin).toBeUndefined();
    expect(second.provisionedKey).toBeUndefined();
    expect(await counts()).toEqual(after);
    // The first password still opens the account: the second start did not replace it.
    expect(await verifyPassword(await storedPasswordHash("admin@warden.local"), first.createdAdmin?.password ?? "")).toBe(true);
  });

  it("two instances starting at once create exactly one owner, organization and project", async () => {
    const results = await Promise.all([runProvisioning(env()), runProvisioning(env())]);
    expect(results.filter((r) => r.createdAdmin).length).toBe(1);
    expect(await counts()).toMatchObject({ users: 1, organizations: 1, memberships: 1, projects: 1 });
  });

  it("does not treat an installation with users as a first run", async () => {
    await createUser("existing.analyst@acme.example");
    const result = await runProvisioning(env());
    expect(result.createdAdmin).toBeUndefined();
    expect(await counts()).toEqual({ ...EMPTY, users: 1 });
  });
});

describe("WARDEN_ADMIN_EMAIL and WARDEN_ADMIN_PASSWORD", () => {
  it("create the given account as the first owner, with the given password and no generated one", async () => {
    const result = await runProvisioning(env({ WARDEN_ADMIN_EMAIL: HEADLESS.WARDEN_ADMIN_EMAIL, WARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD }));
    expect(result.createdAdmin).toEqual({ id: expect.any(String), email: "ops.team@acme.example", password: null });
    expect(await db().user.count()).toBe(1);
    const hash = await storedPasswordHash("ops.team@acme.example");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain(ADMIN_PASSWORD);
    expect(await verifyPassword(hash, ADMIN_PASSWORD)).toBe(true);
    const membership = await db().membership.findFirstOrThrow({ select: { role: true, user: { select: { email: true } } } });
    expect(membership).toEqual({ role: "owner", user: { email: "ops.team@acme.example" } });
  });

  it("with only an email, create that account with a generated password", async () => {
    const result = await runProvisioning(env({ WARDEN_ADMIN_EMAIL: "sre@acme.example" }));
    expect(result.createdAdmin?.email).toBe("sre@acme.example");
    expect(result.createdAdmin?.password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(await verifyPassword(await storedPasswordHash("sre@acme.example"), result.createdAdmin?.password ?? "")).toBe(true);
  });
});

describe("WARDEN_INIT_ORG, WARDEN_INIT_PROJECT and WARDEN_INIT_API_KEY", () => {
  it("provision a key that works against whoami, in the named organization and project", async () => {
    const secret = generateApiKeySecret();
    const result = await runProvisioning(env({ ...HEADLESS, WARDEN_INIT_API_KEY: secret }));
    expect(result.provisionedKey).toBe("created");

    const res = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: secret });
    expect(res.status).toBe(200);
    expect(res.body.organization).toMatchObject({ name: "Acme Robotics", slug: "acme-robotics" });
    expect(res.body.project).toMatchObject({ name: "Support agents", slug: "support-agents" });
    expect(res.body.scopes).toEqual(["scan", "ingest", "read"]);

    const stored = await db().apiKey.findFirstOrThrow({ select: { keyHash: true, prefix: true } });
    expect(stored.keyHash).toBe(hashApiKey(secret));
    expect(stored.prefix).toBe(secret.slice(0, 15));
    expect(JSON.stringify(await db().$queryRawUnsafe(`SELECT * FROM "ApiKey"`))).not.toContain(secret);
    expect(JSON.stringify(await db().$queryRawUnsafe(`SELECT * FROM "AuditLogEntry"`))).not.toContain(secret);
  });

  it("run twice in a row, change nothing the second time", async () => {
    const variables = env({ ...HEADLESS, WARDEN_INIT_API_KEY: generateApiKeySecret() });
    await runProvisioning(variables);
    const after = await counts();
    expect(after).toEqual({ users: 1, organizations: 1, memberships: 1, projects: 1, apiKeys: 1, auditEntries: 3 });
    const keyBefore = await db().apiKey.findFirstOrThrow({ select: { id: true, revokedAt: true } });

    const second = await runProvisioning(variables);
    expect(second.createdAdmin).toBeUndefined();
    expect(second.provisionedKey).toBe("existing");
    expect(await counts()).toEqual(after);
    expect(await db().apiKey.findFirstOrThrow({ select: { id: true, revokedAt: true } })).toEqual(keyBefore);
  });

  it("add the organization to an installation that already has its first owner, owned by WARDEN_ADMIN_EMAIL", async () => {
    await runProvisioning(env());
    const secret = generateApiKeySecret();
    const result = await runProvisioning(env({ WARDEN_ADMIN_EMAIL: "admin@warden.local", WARDEN_INIT_ORG: "Acme Robotics", WARDEN_INIT_PROJECT: "Support agents", WARDEN_INIT_API_KEY: secret }));
    expect(result.createdAdmin).toBeUndefined();
    expect(result.provisionedKey).toBe("created");
    const org = await db().organization.findUniqueOrThrow({
      where: { slug: "acme-robotics" },
      select: { memberships: { select: { role: true, user: { select: { email: true } } } } },
    });
    expect(org.memberships).toEqual([{ role: "owner", user: { email: "admin@warden.local" } }]);
    expect((await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: secret })).status).toBe(200);
  });

  it("refuse a key already registered for another project and write nothing", async () => {
    const secret = generateApiKeySecret();
    await runProvisioning(env({ ...HEADLESS, WARDEN_INIT_API_KEY: secret }));
    const before = await counts();
    await expect(
      runProvisioning(env({ ...HEADLESS, WARDEN_INIT_PROJECT: "Billing agents", WARDEN_INIT_API_KEY: secret })),
    ).rejects.toThrow(ProvisioningError);
    expect(await counts()).toEqual(before);
  });
});

describe("malformed provisioning values", () => {
  const MALFORMED: { name: string; variables: Partial<ProvisioningEnv>; variable: string }[] = [
    { name: "a bad admin email", variables: { WARDEN_ADMIN_EMAIL: "ops-team-at-acme" }, variable: "WARDEN_ADMIN_EMAIL" },
    { name: "a short admin password", variables: { WARDEN_ADMIN_EMAIL: "ops@acme.example", WARDEN_ADMIN_PASSWORD: "short" }, variable: "WARDEN_ADMIN_PASSWORD" },
    {
      name: "a repetitive admin password",
      variables: { WARDEN_ADMIN_EMAIL: "ops@acme.example", WARDEN_ADMIN_PASSWORD: "aaaaaaaaaaaaaaaa" },
      variable: "WARDEN_ADMIN_PASSWORD",
    },
    {
      name: "a common admin password",
      variables: { WARDEN_ADMIN_EMAIL: "ops@acme.example", WARDEN_ADMIN_PASSWORD: "password1234" },
      variable: "WARDEN_ADMIN_PASSWORD",
    },
    { name: "a malformed API key", variables: { ...HEADLESS, WARDEN_INIT_API_KEY: "wdn_live_short" }, variable: "WARDEN_INIT_API_KEY" },
    {
      name: "an API key of another format",
      variables: { ...HEADLESS, WARDEN_INIT_API_KEY: "sk_live_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG" },
      variable: "WARDEN_INIT_API_KEY",
    },
    {
      name: "an API key without an organization",
      variables: { WARDEN_ADMIN_EMAIL: "ops@acme.example", WARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD, WARDEN_INIT_API_KEY: generateApiKeySecret() },
      variable: "WARDEN_INIT_API_KEY",
    },
    {
      name: "an API key with an organization but no project",
      variables: { WARDEN_INIT_ORG: "Acme Robotics", WARDEN_INIT_API_KEY: generateApiKeySecret() },
      variable: "WARDEN_INIT_API_KEY",
    },
    { name: "a project without an organization", variables: { WARDEN_INIT_PROJECT: "Support agents" }, variable: "WARDEN_INIT_PROJECT" },
    { name: "a 101-character organization name", variables: { WARDEN_INIT_ORG: "o".repeat(101) }, variable: "WARDEN_INIT_ORG" },
  ];

  it.each(MALFORMED)("$name throws a ProvisioningError naming $variable and writes nothing", async ({ variables, variable }) => {
    const error = await runProvisioning(env(variables)).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).message).toContain(variable);
    if (variables.WARDEN_ADMIN_PASSWORD) expect((error as ProvisioningError).message).not.toContain(variables.WARDEN_ADMIN_PASSWORD);
    if (variables.WARDEN_INIT_API_KEY) expect((error as ProvisioningError).message).not.toContain(variables.WARDEN_INIT_API_KEY);
    expect(await counts()).toEqual(EMPTY);
    // The same check is available without touching the database, for start-up to fail fast.
    expect(() => readProvisioning(env(variables))).toThrow(ProvisioningError);
  });

  it("an existing installation with a malformed value is left exactly as it was", async () => {
    await runProvisioning(env());
    const before = await counts();
    await expect(runProvisioning(env({ ...HEADLESS, WARDEN_INIT_API_KEY: "wdn_live_short" }))).rejects.toThrow(/WARDEN_INIT_API_KEY/);
    expect(await counts()).toEqual(before);
  });

  it("an unknown WARDEN_ADMIN_EMAIL without a password on an existing installation is refused and writes nothing", async () => {
    await runProvisioning(env());
    const before = await counts();
    await expect(
      runProvisioning(env({ WARDEN_ADMIN_EMAIL: "new.owner@acme.example", WARDEN_INIT_ORG: "Acme Robotics", WARDEN_INIT_PROJECT: "Support agents" })),
    ).rejects.toThrow(/WARDEN_ADMIN_PASSWORD/);
    expect(await counts()).toEqual(before);
  });
});
