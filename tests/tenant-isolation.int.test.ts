// Tenant isolation of the dashboard routes: two organizations, and every read and
// write attempted by B's owner against A's ids (and mixtures of A's and B's ids).
// Each attempt must answer 404, reveal nothing of A and change nothing anywhere.
// To cover a new dashboard route, add one entry to DASHBOARD_ROUTES.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as keysRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route";
import * as keyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]/route";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as memberRoute from "@/app/api/orgs/[orgId]/members/[membershipId]/route";
import * as whoami from "@/app/api/v1/whoami/route";
import { db } from "@/lib/db/client";
import { addMemberWithRole, call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

type RouteHandler = Parameters<typeof call>[0];
type IdName = "orgId" | "projectId" | "keyId" | "membershipId";
type Ids = Record<IdName, string>;

interface DashboardRoute {
  name: string;
  handler: RouteHandler;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The URL as in app/api, with `:orgId`, `:projectId`, `:keyId`, `:membershipId` for its parameters. */
  path: string;
  /** A valid body, so that only the ids can make the request fail. */
  json?: (tenant: { intruderEmail: string }) => unknown;
}

const DASHBOARD_ROUTES: DashboardRoute[] = [
  { name: "list projects", handler: projectsRoute.GET, method: "GET", path: "/api/orgs/:orgId/projects" },
  {
    name: "create project",
    handler: projectsRoute.POST,
    method: "POST",
    path: "/api/orgs/:orgId/projects",
    json: () => ({ name: "Shadow agents" }),
  },
  { name: "list API keys", handler: keysRoute.GET, method: "GET", path: "/api/orgs/:orgId/projects/:projectId/api-keys" },
  {
    name: "create API key",
    handler: keysRoute.POST,
    method: "POST",
    path: "/api/orgs/:orgId/projects/:projectId/api-keys",
    json: () => ({ name: "exfiltration key", scopes: ["scan", "ingest", "read"] }),
  },
  { name: "revoke API key", handler: keyRoute.DELETE, method: "DELETE", path: "/api/orgs/:orgId/projects/:projectId/api-keys/:keyId" },
  { name: "list members", handler: membersRoute.GET, method: "GET", path: "/api/orgs/:orgId/members" },
  {
    name: "add member (existing account, as owner)",
    handler: membersRoute.POST,
    method: "POST",
    path: "/api/orgs/:orgId/members",
    json: ({ intruderEmail }) => ({ email: intruderEmail, role: "owner" }),
  },
  {
    name: "add member (new account)",
    handler: membersRoute.POST,
    method: "POST",
    path: "/api/orgs/:orgId/members",
    json: () => ({ email: "planted-admin@beta.example", role: "admin", password: "tulip anchor glacier 42" }),
  },
  {
    name: "change member role",
    handler: memberRoute.PATCH,
    method: "PATCH",
    path: "/api/orgs/:orgId/members/:membershipId",
    json: () => ({ role: "viewer" }),
  },
  { name: "remove member", handler: memberRoute.DELETE, method: "DELETE", path: "/api/orgs/:orgId/members/:membershipId" },
];

const ID_NAMES: readonly IdName[] = ["orgId", "projectId", "keyId", "membershipId"];

/** The path parameters a route takes, read from its path. */
function usesOf(route: DashboardRoute): IdName[] {
  return ID_NAMES.filter((name) => route.path.includes(`:${name}`));
}

function pathOf(route: DashboardRoute, ids: Ids): string {
  return usesOf(route).reduce((path, name) => path.replace(`:${name}`, encodeURIComponent(ids[name])), route.path);
}

function pick(route: DashboardRoute, ids: Ids): Record<string, string> {
  return Object.fromEntries(usesOf(route).map((name) => [name, ids[name]]));
}

async function membershipIdOf(organizationId: string, userId: string): Promise<string> {
  const membership = await db().membership.findFirstOrThrow({ where: { organizationId, userId }, select: { id: true } });
  return membership.id;
}

/** Everything an attempt could have written, in every tenant. */
async function databaseState() {
  const [users, organizations, memberships, projects, apiKeys, auditEntries] = await Promise.all([
    db().user.findMany({ select: { id: true, email: true }, orderBy: { id: "asc" } }),
    db().organization.findMany({ select: { id: true, name: true, slug: true }, orderBy: { id: "asc" } }),
    db().membership.findMany({ select: { id: true, organizationId: true, userId: true, role: true }, orderBy: { id: "asc" } }),
    db().project.findMany({ select: { id: true, organizationId: true, name: true }, orderBy: { id: "asc" } }),
    db().apiKey.findMany({ select: { id: true, projectId: true, name: true, revokedAt: true }, orderBy: { id: "asc" } }),
    db().auditLogEntry.count(),
  ]);
  return { users, organizations, memberships, projects, apiKeys, auditEntries };
}

let a: {
  tenant: Awaited<ReturnType<typeof createTenant>>;
  ids: Ids;
  secret: string;
  keyPrefix: string;
  adminEmail: string;
};
let b: { tenant: Awaited<ReturnType<typeof createTenant>>; ids: Ids; secret: string; cookie: string };

/** Texts that only A's data contains: none may appear in an answer to B. */
function secretsOfA(): string[] {
  return [
    a.tenant.organization.name,
    a.tenant.organization.slug,
    a.tenant.project.name,
    a.tenant.owner.email,
    a.adminEmail,
    a.keyPrefix,
    a.secret,
    "Alpha production scanner",
  ];
}

beforeAll(async () => {
  const tenantA = await createTenant("alphacorp");
  const cookieA = await sessionCookie(tenantA.owner.id);
  const keyA = await call(keysRoute.POST, "POST", "/api/keys", {
    params: { orgId: tenantA.organization.id, projectId: tenantA.project.id },
    cookie: cookieA,
    json: { name: "Alpha production scanner", scopes: ["scan", "ingest", "read"] },
  });
  expect(keyA.status).toBe(201);
  const adminA = await addMemberWithRole(tenantA.organization.id, "admin", "alphacorp");
  a = {
    tenant: tenantA,
    ids: {
      orgId: tenantA.organization.id,
      projectId: tenantA.project.id,
      keyId: keyA.body.apiKey.id,
      membershipId: await membershipIdOf(tenantA.organization.id, adminA.id),
    },
    secret: keyA.body.secret,
    keyPrefix: keyA.body.apiKey.prefix,
    adminEmail: adminA.email,
  };

  const tenantB = await createTenant("betaworks");
  const cookieB = await sessionCookie(tenantB.owner.id);
  const keyB = await call(keysRoute.POST, "POST", "/api/keys", {
    params: { orgId: tenantB.organization.id, projectId: tenantB.project.id },
    cookie: cookieB,
    json: { name: "Beta staging scanner", scopes: ["scan"] },
  });
  expect(keyB.status).toBe(201);
  const viewerB = await addMemberWithRole(tenantB.organization.id, "viewer", "betaworks");
  b = {
    tenant: tenantB,
    ids: {
      orgId: tenantB.organization.id,
      projectId: tenantB.project.id,
      keyId: keyB.body.apiKey.id,
      membershipId: await membershipIdOf(tenantB.organization.id, viewerB.id),
    },
    secret: keyB.body.secret,
    cookie: cookieB,
  };
});

// Which ids B's owner sends, and which of them are not B's own. Each is a function
// because the tenants exist only after beforeAll.
const ID_SCENARIOS: { name: string; foreign: IdName[]; ids: () => Ids }[] = [
  { name: "A's ids", foreign: [...ID_NAMES], ids: () => a.ids },
  {
    name: "B's org with A's project, key and member",
    foreign: ["projectId", "keyId", "membershipId"],
    ids: () => ({ ...a.ids, orgId: b.ids.orgId }),
  },
  {
    name: "B's org and project with A's key",
    foreign: ["keyId", "membershipId"],
    ids: () => ({ ...a.ids, orgId: b.ids.orgId, projectId: b.ids.projectId }),
  },
  { name: "A's org with B's project, key and member", foreign: ["orgId"], ids: () => ({ ...b.ids, orgId: a.ids.orgId }) },
  { name: "A's slug in place of A's id", foreign: ["orgId"], ids: () => ({ ...a.ids, orgId: a.tenant.organization.slug }) },
  {
    name: "random uuids",
    foreign: [...ID_NAMES],
    ids: () => ({ orgId: randomUUID(), projectId: randomUUID(), keyId: randomUUID(), membershipId: randomUUID() }),
  },
  {
    name: "B's org and project with random uuids",
    foreign: ["keyId", "membershipId"],
    ids: () => ({ ...b.ids, keyId: randomUUID(), membershipId: randomUUID() }),
  },
  { name: "B's org with a random project", foreign: ["projectId"], ids: () => ({ ...b.ids, projectId: randomUUID() }) },
  {
    name: "100-character ids (the longest the wrapper looks up)",
    foreign: [...ID_NAMES],
    ids: () => ({ orgId: "a".repeat(100), projectId: "b".repeat(100), keyId: "c".repeat(100), membershipId: "d".repeat(100) }),
  },
  {
    name: "10,000-character ids",
    foreign: [...ID_NAMES],
    ids: () => ({ orgId: "o".repeat(10_000), projectId: "p".repeat(10_000), keyId: "k".repeat(10_000), membershipId: "m".repeat(10_000) }),
  },
  {
    name: "B's org with 10,000-character ids below it",
    foreign: ["projectId", "keyId", "membershipId"],
    ids: () => ({ ...b.ids, projectId: "p".repeat(10_000), keyId: "k".repeat(10_000), membershipId: "m".repeat(10_000) }),
  },
  {
    name: "ids that look like SQL",
    foreign: [...ID_NAMES],
    ids: () => ({ orgId: "' OR '1'='1", projectId: "' OR '1'='1", keyId: "1; DROP TABLE \"ApiKey\"", membershipId: "%" }),
  },
];

// Every route under every scenario that names something not B's own in that route's
// path (B's owner may of course list B's projects).
const CROSS_TENANT_ATTEMPTS = DASHBOARD_ROUTES.flatMap((route) =>
  ID_SCENARIOS.filter((scenario) => usesOf(route).some((name) => scenario.foreign.includes(name))).map((scenario) => ({
    route,
    scenario,
    label: `${route.name} with ${scenario.name}`,
  })),
);

describe("B's owner cannot reach organization A through any dashboard route", () => {
  it.each(CROSS_TENANT_ATTEMPTS)("$label answers 404, reveals nothing of A and writes nothing", async ({ route, scenario }) => {
    const ids = scenario.ids();
    const params = pick(route, ids);
    expect(usesOf(route).some((name) => ids[name] !== b.ids[name])).toBe(true);
    const before = await databaseState();

    const res = await call(route.handler, route.method, pathOf(route, ids), {
      params,
      cookie: b.cookie,
      json: route.json?.({ intruderEmail: b.tenant.owner.email }),
    });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const text = JSON.stringify(res.body);
    for (const secret of secretsOfA()) expect(text).not.toContain(secret);
    expect(await databaseState()).toEqual(before);
  });

  it("leaves A's key working, A's members and A's projects exactly as they were after every attempt", async () => {
    const ok = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: a.secret });
    expect(ok.status).toBe(200);
    expect(ok.body.organization.id).toBe(a.ids.orgId);

    const key = await db().apiKey.findUniqueOrThrow({ where: { id: a.ids.keyId }, select: { revokedAt: true } });
    expect(key.revokedAt).toBeNull();
    const members = await db().membership.findMany({ where: { organizationId: a.ids.orgId }, select: { userId: true, role: true } });
    expect(members).toHaveLength(2);
    expect(members).toEqual(
      expect.arrayContaining([
        { userId: a.tenant.owner.id, role: "owner" },
        expect.objectContaining({ role: "admin" }),
      ]),
    );
    const projects = await db().project.findMany({ where: { organizationId: a.ids.orgId }, select: { id: true } });
    expect(projects).toEqual([{ id: a.ids.projectId }]);
    const keys = await db().apiKey.count({ where: { organizationId: a.ids.orgId } });
    expect(keys).toBe(1);
    const auditOfA = await db().auditLogEntry.findMany({ where: { organizationId: a.ids.orgId }, select: { actorId: true } });
    expect(auditOfA.some((entry) => entry.actorId === b.tenant.owner.id)).toBe(false);
    const intruderInA = await db().membership.count({ where: { organizationId: a.ids.orgId, userId: b.tenant.owner.id } });
    expect(intruderInA).toBe(0);
  });
});

describe("what B sees of itself", () => {
  it("a key of B calling whoami sees only B's organization and project", async () => {
    const res = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: b.secret });
    expect(res.status).toBe(200);
    expect(res.body.organization).toEqual({
      id: b.ids.orgId,
      slug: b.tenant.organization.slug,
      name: b.tenant.organization.name,
    });
    expect(res.body.project).toEqual({ id: b.ids.projectId, slug: b.tenant.project.slug, name: b.tenant.project.name });
    expect(res.body.scopes).toEqual(["scan"]);
    const text = JSON.stringify(res.body);
    for (const secret of [...secretsOfA(), a.ids.orgId, a.ids.projectId, a.ids.keyId]) expect(text).not.toContain(secret);
  });

  it("GET /api/orgs for B's owner lists only B, with only B's projects", async () => {
    const res = await call(orgsRoute.GET, "GET", "/api/orgs", { cookie: b.cookie });
    expect(res.status).toBe(200);
    expect(res.body.organizations).toHaveLength(1);
    expect(res.body.organizations[0]).toMatchObject({ id: b.ids.orgId, role: "owner" });
    expect(res.body.organizations[0].projects.map((p: { id: string }) => p.id)).toEqual([b.ids.projectId]);
    const text = JSON.stringify(res.body);
    for (const secret of [...secretsOfA(), a.ids.orgId, a.ids.projectId]) expect(text).not.toContain(secret);
  });

  it("B's own routes still answer 200, so the 404s above are about the ids and not a broken session", async () => {
    for (const route of DASHBOARD_ROUTES.filter((r) => r.method === "GET")) {
      const res = await call(route.handler, route.method, pathOf(route, b.ids), { params: pick(route, b.ids), cookie: b.cookie });
      expect(res.status, route.name).toBe(200);
    }
  });
});

// Every dashboard route, including the ones that take no organization.
const SESSION_ROUTES: DashboardRoute[] = [
  { name: "list my organizations", handler: orgsRoute.GET, method: "GET", path: "/api/orgs" },
  { name: "create organization", handler: orgsRoute.POST, method: "POST", path: "/api/orgs", json: () => ({ name: "Anonymous org" }) },
  ...DASHBOARD_ROUTES,
];

describe("dashboard routes without a valid session", () => {
  const CASES = SESSION_ROUTES.flatMap((route) => [
    { route, session: "no cookie" as const, label: `${route.name} without a cookie` },
    { route, session: "forged cookie" as const, label: `${route.name} with a cookie signed by another secret` },
    { route, session: "unknown user" as const, label: `${route.name} with a session of a user that does not exist` },
  ]);

  it.each(CASES)("$label answers 401 and writes nothing", async ({ route, session }) => {
    let cookie: string | undefined;
    if (session === "forged cookie") {
      const token = await encode({ token: { uid: a.tenant.owner.id, sub: a.tenant.owner.id }, secret: "not the server's secret at all" });
      cookie = `next-auth.session-token=${token}`;
    } else if (session === "unknown user") {
      cookie = await sessionCookie(randomUUID());
    }
    const before = await databaseState();
    const res = await call(route.handler, route.method, pathOf(route, a.ids), {
      params: pick(route, a.ids),
      cookie,
      json: route.json?.({ intruderEmail: b.tenant.owner.email }),
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const text = JSON.stringify(res.body);
    for (const secret of secretsOfA()) expect(text).not.toContain(secret);
    expect(await databaseState()).toEqual(before);
  });
});
