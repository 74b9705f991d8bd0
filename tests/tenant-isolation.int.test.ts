// Tenant isolation of the dashboard routes: two organizations, and every read and
// write attempted by B's owner against A's ids (and mixtures of A's and B's ids).
// Each attempt must answer 404, reveal nothing of A and change nothing anywhere.
// Every route is also swept, without valid bodies, by tenant-isolation-sweep.int.test.ts.
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
import * as auditLogRoute from "@/app/api/orgs/[orgId]/audit-log/route";
import * as auditLogExportRoute from "@/app/api/orgs/[orgId]/audit-log/export/route";
import * as retentionRoute from "@/app/api/orgs/[orgId]/audit-log/retention/route";
import * as auditLogSummaryRoute from "@/app/api/orgs/[orgId]/audit-log/summary/route";
import * as exportsRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/route";
import * as exportStreamRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/stream/route";
import * as exportVerifyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/verify/route";
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
  { name: "read the audit log", handler: auditLogRoute.GET, method: "GET", path: "/api/orgs/:orgId/audit-log" },
  { name: "audit log summary", handler: auditLogSummaryRoute.GET, method: "GET", path: "/api/orgs/:orgId/audit-log/summary" },
  { name: "export the audit log", handler: auditLogExportRoute.GET, method: "GET", path: "/api/orgs/:orgId/audit-log/export?format=bundle" },
  {
    name: "set retention days",
    handler: retentionRoute.PATCH,
    method: "PATCH",
    path: "/api/orgs/:orgId/audit-log/retention",
    json: () => ({ retention_days: 1 }),
  },
  { name: "list export jobs", handler: exportsRoute.GET, method: "GET", path: "/api/orgs/:orgId/projects/:projectId/exports" },
  {
    name: "start an export job",
    handler: exportsRoute.POST,
    method: "POST",
    path: "/api/orgs/:orgId/projects/:projectId/exports",
    json: () => ({ kind: "conversations", format: "bundle", delivery: "job" }),
  },
  { name: "stream an export", handler: exportStreamRoute.GET, method: "GET", path: "/api/orgs/:orgId/projects/:projectId/exports/stream?kind=events&format=jsonl" },
  { name: "verify a bundle", handler: exportVerifyRoute.POST, method: "POST", path: "/api/orgs/:orgId/projects/:projectId/exports/verify", json: () => ({ type: "manifest" }) },
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

// An agent's page (GET …/agents/:agent) is addressed by the agent's name, which two tenants
// may share: B's owner must get 404 for A's agent under every mixture of ids, and B's own
// agent of the same name must show only B's events.
describe("agent detail across organizations", () => {
  type AgentRoute = typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/agents/[agent]/route");
  let agentRoute: AgentRoute;
  const SHARED = "web_surfer";
  const ONLY_A = "alpha_payroll_agent";

  beforeAll(async () => {
    agentRoute = await import("@/app/api/orgs/[orgId]/projects/[projectId]/agents/[agent]/route");
    const { ingestEventBatch } = await import("@/lib/ingest/event-batch");
    const event = (id: string, agent: string, verdict: "blocked" | "allowed") => ({
      id,
      agent_id: agent,
      direction: "inbound",
      verdict,
      risk_score: verdict === "blocked" ? 0.95 : 0.05,
      findings: verdict === "blocked" ? [{ category: "prompt_injection", rule: "prompt_injection.alpha_only_rule", severity: "high", score: 0.95, span: { start: 0, end: 10 }, explanation: "Alpha production scanner" }] : [],
      text_sha256: "b".repeat(64),
      text_length: 10,
    });
    const inA = await ingestEventBatch({ organizationId: a.ids.orgId, projectId: a.ids.projectId }, [event("a1", SHARED, "blocked"), event("a2", ONLY_A, "blocked")], "masked");
    const inB = await ingestEventBatch({ organizationId: b.ids.orgId, projectId: b.ids.projectId }, [event("b1", SHARED, "allowed")], "masked");
    expect([...inA.results, ...inB.results].map((r) => r.status)).toEqual(["stored", "stored", "stored"]);
  });

  const ATTEMPTS: { label: string; ids: () => { orgId: string; projectId: string }; agent: string }[] = [
    { label: "A's org, project and agent", ids: () => a.ids, agent: ONLY_A },
    { label: "A's org and project with a name both tenants use", ids: () => a.ids, agent: SHARED },
    { label: "B's org and project with a name only A uses", ids: () => b.ids, agent: ONLY_A },
    { label: "B's org with A's project", ids: () => ({ orgId: b.ids.orgId, projectId: a.ids.projectId }), agent: SHARED },
    { label: "A's org with B's project", ids: () => ({ orgId: a.ids.orgId, projectId: b.ids.projectId }), agent: SHARED },
    { label: "random ids", ids: () => ({ orgId: randomUUID(), projectId: randomUUID() }), agent: SHARED },
    { label: "a name that looks like SQL", ids: () => b.ids, agent: "' OR '1'='1" },
  ];

  it.each(ATTEMPTS)("$label answers 404 and reveals nothing of A", async ({ ids, agent }) => {
    const before = await databaseState();
    const res = await call(agentRoute.GET, "GET", "/api/agent?range=30d", { params: { ...ids(), agent }, cookie: b.cookie });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const text = JSON.stringify(res.body);
    for (const secret of [...secretsOfA(), ONLY_A]) expect(text).not.toContain(secret);
    expect(await databaseState()).toEqual(before);
  });

  it("B's agent of the shared name shows B's events only", async () => {
    const res = await call(agentRoute.GET, "GET", "/api/agent?range=30d", { params: { ...b.ids, agent: SHARED }, cookie: b.cookie });
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ total: 1, blocked: 0, allowed: 1 });
    expect(res.body.findings.rules).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain("alpha_only_rule");
  });

  it("answers 401 without a session", async () => {
    const res = await call(agentRoute.GET, "GET", "/api/agent", { params: { orgId: a.ids.orgId, projectId: a.ids.projectId, agent: SHARED } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });
});

// Webhooks and their deliveries (issue 6): another organization's webhook, alert and
// delivery ids answer 404 under every mixture, and nothing of A's changes or leaks.
describe("webhooks across organizations", () => {
  type Routes = {
    list: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route");
    one: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route");
    rotate: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/rotate-secret/route");
    hookDeliveries: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/deliveries/route");
    deliveries: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/deliveries/route");
  };
  let routes: Routes;
  let hookA: { id: string; secret: string; url: string };
  let alertA: string;
  let ruleA: string;
  let hookB: string;

  async function webhookState() {
    const [webhooks, deliveries] = await Promise.all([
      db().webhook.findMany({ select: { id: true, projectId: true, url: true, secret: true, enabled: true, ruleId: true }, orderBy: { id: "asc" } }),
      db().webhookDelivery.findMany({ select: { id: true, webhookId: true, status: true, attempts: true }, orderBy: { id: "asc" } }),
    ]);
    return { webhooks, deliveries, audit: await db().auditLogEntry.count() };
  }

  beforeAll(async () => {
    routes = {
      list: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route"),
      one: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route"),
      rotate: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/rotate-secret/route"),
      hookDeliveries: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/deliveries/route"),
      deliveries: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/deliveries/route"),
    };
    const { insertTestAlert, insertTestRule } = await import("@/lib/alerts/webhooks/test-alerts");
    const { enqueueAlertWebhooks } = await import("@/lib/alerts/webhooks/enqueue");
    const { withTransaction } = await import("@/lib/db/sql");
    const scopeA = { organizationId: a.ids.orgId, projectId: a.ids.projectId };
    const rule = await insertTestRule(scopeA, "Alpha payroll flooding");
    ruleA = rule.id;
    const created = await call(routes.list.POST, "POST", "/api/webhooks", {
      params: { orgId: a.ids.orgId, projectId: a.ids.projectId },
      cookie: await sessionCookie(a.tenant.owner.id),
      json: { url: "https://alpha-soc.example.com/hooks/payroll-secret-path", ruleId: rule.id },
    });
    expect(created.status).toBe(201);
    hookA = { id: created.body.webhook.id, secret: created.body.secret, url: created.body.webhook.url };
    const alert = await insertTestAlert(scopeA, rule);
    alertA = alert.id;
    expect(await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"))).toBe(1);

    const inB = await call(routes.list.POST, "POST", "/api/webhooks", {
      params: { orgId: b.ids.orgId, projectId: b.ids.projectId },
      cookie: b.cookie,
      json: { url: "https://beta-hooks.example.net/in" },
    });
    expect(inB.status).toBe(201);
    hookB = inB.body.webhook.id;
  });

  function secretsOfWebhookA(): string[] {
    return [...secretsOfA(), hookA.secret, hookA.secret.slice(0, 12), "alpha-soc.example.com", "payroll-secret-path", "Alpha payroll flooding", alertA];
  }

  type Attempt = { label: string; handler: RouteHandler; method: "GET" | "POST" | "PATCH" | "DELETE"; params: () => Record<string, string>; path?: () => string; json?: unknown };
  const own = () => ({ orgId: b.ids.orgId, projectId: b.ids.projectId });
  const ATTEMPTS: Attempt[] = [
    { label: "list A's webhooks", handler: (...args) => routes.list.GET(...args), method: "GET", params: () => a.ids },
    { label: "list with B's org and A's project", handler: (...args) => routes.list.GET(...args), method: "GET", params: () => ({ orgId: b.ids.orgId, projectId: a.ids.projectId }) },
    { label: "create in A's project", handler: (...args) => routes.list.POST(...args), method: "POST", params: () => a.ids, json: { url: "https://exfil.example.org/in" } },
    { label: "create in A's org with B's project", handler: (...args) => routes.list.POST(...args), method: "POST", params: () => ({ orgId: a.ids.orgId, projectId: b.ids.projectId }), json: { url: "https://exfil.example.org/in" } },
    { label: "read A's webhook from B's project", handler: (...args) => routes.one.GET(...args), method: "GET", params: () => ({ ...own(), webhookId: hookA.id }) },
    { label: "change A's webhook from B's project", handler: (...args) => routes.one.PATCH(...args), method: "PATCH", params: () => ({ ...own(), webhookId: hookA.id }), json: { url: "https://exfil.example.org/in", enabled: true } },
    { label: "disable A's webhook from A's org and project", handler: (...args) => routes.one.PATCH(...args), method: "PATCH", params: () => ({ ...a.ids, webhookId: hookA.id }), json: { enabled: false } },
    { label: "delete A's webhook from B's project", handler: (...args) => routes.one.DELETE(...args), method: "DELETE", params: () => ({ ...own(), webhookId: hookA.id }) },
    { label: "rotate A's secret from B's project", handler: (...args) => routes.rotate.POST(...args), method: "POST", params: () => ({ ...own(), webhookId: hookA.id }) },
    { label: "rotate A's secret with A's ids", handler: (...args) => routes.rotate.POST(...args), method: "POST", params: () => ({ ...a.ids, webhookId: hookA.id }) },
    { label: "A's webhook's deliveries from B's project", handler: (...args) => routes.hookDeliveries.GET(...args), method: "GET", params: () => ({ ...own(), webhookId: hookA.id }) },
    { label: "B's webhook's deliveries under A's org", handler: (...args) => routes.hookDeliveries.GET(...args), method: "GET", params: () => ({ orgId: a.ids.orgId, projectId: b.ids.projectId, webhookId: hookB }) },
    { label: "A's alert's deliveries from B's project", handler: (...args) => routes.deliveries.GET(...args), method: "GET", params: own, path: () => `/api/deliveries?alertId=${alertA}` },
    { label: "A's webhook's deliveries by query from B's project", handler: (...args) => routes.deliveries.GET(...args), method: "GET", params: own, path: () => `/api/deliveries?webhookId=${hookA.id}` },
    { label: "a random webhook id", handler: (...args) => routes.one.PATCH(...args), method: "PATCH", params: () => ({ ...own(), webhookId: randomUUID() }), json: { enabled: false } },
  ];

  it.each(ATTEMPTS)("$label answers 404, reveals nothing of A and writes nothing", async (attempt) => {
    const before = await webhookState();
    const res = await call(attempt.handler, attempt.method, attempt.path?.() ?? "/api/webhooks", { params: attempt.params(), cookie: b.cookie, json: attempt.json });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const text = JSON.stringify(res.body);
    for (const secret of secretsOfWebhookA()) expect(text).not.toContain(secret);
    expect(await webhookState()).toEqual(before);
  });

  it("binding B's webhook to A's rule is refused as an unknown rule, writing nothing", async () => {
    const before = await webhookState();
    const res = await call(routes.list.POST, "POST", "/api/webhooks", { params: own(), cookie: b.cookie, json: { url: "https://beta-hooks.example.net/x", ruleId: ruleA } });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("ruleId");
    expect(await webhookState()).toEqual(before);
  });

  it("B's own webhook list and deliveries show only B's", async () => {
    const list = await call(routes.list.GET, "GET", "/api/webhooks", { params: own(), cookie: b.cookie });
    expect(list.status).toBe(200);
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toEqual([hookB]);
    const deliveries = await call(routes.deliveries.GET, "GET", "/api/deliveries", { params: own(), cookie: b.cookie });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.deliveries).toEqual([]);
    const text = JSON.stringify([list.body, deliveries.body]);
    for (const secret of secretsOfWebhookA()) expect(text).not.toContain(secret);
    const stored = await db().webhook.findUniqueOrThrow({ where: { id: hookA.id } });
    expect(stored).toMatchObject({ url: hookA.url, secret: hookA.secret, enabled: true, ruleId: ruleA });
  });
});

describe("A's alert rules and alerts are invisible and immutable to B", () => {
  type Route = { name: string; handler: RouteHandler; method: "GET" | "POST" | "PATCH" | "DELETE"; path: string; target: "rule" | "alert" | null; json?: unknown };
  let routes: Route[] = [];
  let ruleId: string;
  let alertId: string;
  const flooding = { name: "Shadow flooding", type: "flooding", params: { maxMessages: 2, windowSeconds: 60 }, severity: "low" };
  beforeAll(async () => {
    const base = "/api/orgs/:orgId/projects/:projectId";
    const rules = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route");
    const rule = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route");
    const backtest = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route");
    const alerts = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/route");
    const alert = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/route");
    const acknowledge = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route");
    const resolve = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/resolve/route");
    routes = [
      { name: "list rules", handler: rules.GET, method: "GET", path: `${base}/alert-rules`, target: null },
      { name: "create rule", handler: rules.POST, method: "POST", path: `${base}/alert-rules`, target: null, json: flooding },
      { name: "backtest", handler: backtest.POST, method: "POST", path: `${base}/alert-rules/backtest`, target: null, json: flooding },
      { name: "read rule", handler: rule.GET, method: "GET", path: `${base}/alert-rules/:id`, target: "rule" },
      { name: "edit rule", handler: rule.PATCH, method: "PATCH", path: `${base}/alert-rules/:id`, target: "rule", json: { enabled: false } },
      { name: "delete rule", handler: rule.DELETE, method: "DELETE", path: `${base}/alert-rules/:id`, target: "rule" },
      { name: "alert feed", handler: alerts.GET, method: "GET", path: `${base}/alerts`, target: null },
      { name: "read alert", handler: alert.GET, method: "GET", path: `${base}/alerts/:id`, target: "alert" },
      { name: "acknowledge alert", handler: acknowledge.POST, method: "POST", path: `${base}/alerts/:id/acknowledge`, target: "alert", json: { note: "mine now" } },
      { name: "resolve alert", handler: resolve.POST, method: "POST", path: `${base}/alerts/:id/resolve`, target: "alert", json: { note: "gone" } },
    ];
    const cookieA = await sessionCookie(a.tenant.owner.id);
    const created = await call(rules.POST, "POST", "/r", { params: { orgId: a.ids.orgId, projectId: a.ids.projectId }, cookie: cookieA, json: { ...flooding, name: "Alpha flooding" } });
    expect(created.status).toBe(201);
    ruleId = created.body.rule.id;
    const { ingestConversation } = await import("@/lib/ingest/conversations");
    await ingestConversation(
      { organizationId: a.ids.orgId, projectId: a.ids.projectId },
      { conversation_id: "alpha-incident", format: "warden", transcript: { messages: [{ sender: "alpha_surfer", content: "page 1" }, { sender: "alpha_surfer", content: "page 2" }] }, scan: false },
    );
    alertId = (await db().alert.findFirstOrThrow({ where: { projectId: a.ids.projectId, ruleId }, select: { id: true } })).id;
  });

  const state = async () => ({
    rules: await db().alertRule.findMany({ orderBy: { id: "asc" } }),
    alerts: await db().alert.findMany({ orderBy: { id: "asc" } }),
    audit: await db().auditLogEntry.count(),
  });

  const SCENARIOS = [
    { name: "A's org, project and ids", ids: () => ({ orgId: a.ids.orgId, projectId: a.ids.projectId, id: null }) },
    { name: "B's org and project with A's rule or alert id", ids: () => ({ orgId: b.ids.orgId, projectId: b.ids.projectId, id: null }), ownProject: true },
    { name: "B's org with A's project", ids: () => ({ orgId: b.ids.orgId, projectId: a.ids.projectId, id: null }) },
  ];

  it("every rule and alert route answers 404 to B's owner for A's ids, reveals nothing and writes nothing", async () => {
    const before = await state();
    let attempts = 0;
    for (const scenario of SCENARIOS) {
      for (const route of routes) {
        // With B's own org and project, only routes that name A's rule or alert are cross-tenant.
        if (scenario.ownProject && !route.target) continue;
        const ids = scenario.ids();
        const targetId = route.target === "rule" ? ruleId : route.target === "alert" ? alertId : undefined;
        const params: Record<string, string> = { orgId: ids.orgId, projectId: ids.projectId, ...(route.target === "rule" ? { ruleId: targetId! } : {}), ...(route.target === "alert" ? { alertId: targetId! } : {}) };
        const res = await call(route.handler, route.method, route.path, { params, cookie: b.cookie, json: route.json });
        expect(res.status, `${route.name} with ${scenario.name}`).toBe(404);
        expect(JSON.stringify(res.body)).not.toMatch(/alpha|Alpha/);
        attempts++;
      }
    }
    expect(attempts).toBe(26);
    expect(await state()).toEqual(before);
  });

  it("B's own feed and rules list show none of A's alerts or rules, and B's read of A's data through the API is refused", async () => {
    const alerts = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/route");
    const rules = await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route");
    const own = { orgId: b.ids.orgId, projectId: b.ids.projectId };
    for (const status of ["open", "acknowledged", "resolved"]) {
      const feed = await call(alerts.GET, "GET", `/a?status=${status}`, { params: own, cookie: b.cookie });
      expect(feed.status).toBe(200);
      expect(feed.body.alerts).toEqual([]);
    }
    const list = await call(rules.GET, "GET", "/r", { params: own, cookie: b.cookie });
    expect(list.body.rules.map((r: { id: string }) => r.id)).not.toContain(ruleId);
    const v1 = await import("@/app/api/v1/alerts/route");
    expect((await call(v1.GET, "GET", "/api/v1/alerts", { bearer: b.secret })).status).toBe(403);
    const ownRead = await call(v1.GET, "GET", "/api/v1/alerts", { bearer: a.secret });
    expect(ownRead.body.alerts.map((x: { id: string }) => x.id)).toContain(alertId);
  });
});
