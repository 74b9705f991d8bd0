// Bad input on the dashboard's JSON routes: every refusal is a clear 4xx in the one
// error shape (422 naming the field, 400/413/415 for the body itself), and nothing is
// half-written: no row anywhere, not even an audit log entry.
import { beforeAll, describe, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as keysRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as memberRoute from "@/app/api/orgs/[orgId]/members/[membershipId]/route";
import { db } from "@/lib/db/client";
import { addMemberWithRole, call, createTenant, sessionCookie, tableCounts } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

type RouteHandler = Parameters<typeof call>[0];

let tenant: Awaited<ReturnType<typeof createTenant>>;
let cookie: string;
let viewerMembershipId: string;

beforeAll(async () => {
  tenant = await createTenant("validation");
  cookie = await sessionCookie(tenant.owner.id);
  const viewer = await addMemberWithRole(tenant.organization.id, "viewer", "validation");
  const membership = await db().membership.findFirstOrThrow({
    where: { organizationId: tenant.organization.id, userId: viewer.id },
    select: { id: true },
  });
  viewerMembershipId = membership.id;
});

async function rowCounts() {
  const [counts, viewerRole] = await Promise.all([
    tableCounts(),
    db().membership.findUnique({ where: { id: viewerMembershipId }, select: { role: true } }),
  ]);
  return { ...counts, viewerRole: viewerRole?.role };
}

interface JsonRoute {
  name: string;
  handler: RouteHandler;
  method: "POST" | "PATCH";
  params: () => Record<string, string>;
}

const CREATE_KEY: JsonRoute = {
  name: "create API key",
  handler: keysRoute.POST,
  method: "POST",
  params: () => ({ orgId: tenant.organization.id, projectId: tenant.project.id }),
};
const ADD_MEMBER: JsonRoute = {
  name: "add member",
  handler: membersRoute.POST,
  method: "POST",
  params: () => ({ orgId: tenant.organization.id }),
};
const CHANGE_ROLE: JsonRoute = {
  name: "change member role",
  handler: memberRoute.PATCH,
  method: "PATCH",
  params: () => ({ orgId: tenant.organization.id, membershipId: viewerMembershipId }),
};
const CREATE_PROJECT: JsonRoute = {
  name: "create project",
  handler: projectsRoute.POST,
  method: "POST",
  params: () => ({ orgId: tenant.organization.id }),
};
const CREATE_ORG: JsonRoute = { name: "create organization", handler: orgsRoute.POST, method: "POST", params: () => ({}) };
const JSON_ROUTES = [CREATE_KEY, ADD_MEMBER, CHANGE_ROLE, CREATE_PROJECT, CREATE_ORG];

const validKey = { name: "fraud-review agents", scopes: ["scan", "ingest"] };
const newMember = { email: "dana.okafor@members.example", role: "viewer", password: "violet harbour comet 81" };
const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

const INVALID: { name: string; route: JsonRoute; json: unknown; field: string }[] = [
  { name: "an empty key name", route: CREATE_KEY, json: { ...validKey, name: "" }, field: "name" },
  { name: "a key name of only spaces", route: CREATE_KEY, json: { ...validKey, name: "    " }, field: "name" },
  { name: "a 300-character key name", route: CREATE_KEY, json: { ...validKey, name: "k".repeat(300) }, field: "name" },
  { name: "a missing key name", route: CREATE_KEY, json: { scopes: ["scan"] }, field: "name" },
  { name: "an unknown scope", route: CREATE_KEY, json: { ...validKey, scopes: ["scan", "admin"] }, field: "scopes[1]" },
  { name: "empty scopes", route: CREATE_KEY, json: { ...validKey, scopes: [] }, field: "scopes" },
  { name: "scopes that are not a list", route: CREATE_KEY, json: { ...validKey, scopes: "scan" }, field: "scopes" },
  { name: "an expiry in the past", route: CREATE_KEY, json: { ...validKey, expiresAt: "2020-01-01T00:00:00Z" }, field: "expiresAt" },
  { name: "a malformed expiry", route: CREATE_KEY, json: { ...validKey, expiresAt: "next tuesday" }, field: "expiresAt" },
  {
    name: "an expiry on an impossible date",
    route: CREATE_KEY,
    json: { ...validKey, expiresAt: "2031-13-45T00:00:00Z" },
    field: "expiresAt",
  },
  { name: "an expiry given as a number", route: CREATE_KEY, json: { ...validKey, expiresAt: Date.now() + 3_600_000 }, field: "expiresAt" },
  { name: "a malformed member email", route: ADD_MEMBER, json: { ...newMember, email: "dana.okafor-at-members" }, field: "email" },
  { name: "a member email with spaces inside", route: ADD_MEMBER, json: { ...newMember, email: "dana okafor@members.example" }, field: "email" },
  { name: "a short password (\"short\")", route: ADD_MEMBER, json: { ...newMember, password: "short" }, field: "password" },
  {
    name: "a repetitive password (\"aaaaaaaaaaaaaaaa\")",
    route: ADD_MEMBER,
    json: { ...newMember, password: "aaaaaaaaaaaaaaaa" },
    field: "password",
  },
  { name: "a common password (\"password1234\")", route: ADD_MEMBER, json: { ...newMember, password: "password1234" }, field: "password" },
  { name: "no first password for a person without an account", route: ADD_MEMBER, json: { email: newMember.email, role: "viewer" }, field: "password" },
  { name: "an unknown role when adding a member", route: ADD_MEMBER, json: { ...newMember, role: "superuser" }, field: "role" },
  { name: "an unknown role when changing a role", route: CHANGE_ROLE, json: { role: "god" }, field: "role" },
  { name: "a role in the wrong case", route: CHANGE_ROLE, json: { role: "Admin" }, field: "role" },
  { name: "an empty project name", route: CREATE_PROJECT, json: { name: "" }, field: "name" },
  { name: "a project name of only spaces", route: CREATE_PROJECT, json: { name: "   " }, field: "name" },
  { name: "a 101-character project name", route: CREATE_PROJECT, json: { name: "p".repeat(101) }, field: "name" },
  { name: "an empty organization name", route: CREATE_ORG, json: { name: "" }, field: "name" },
];

describe("422 naming the field", () => {
  it.each(INVALID)("$route.name with $name answers 422 on `$field` and writes nothing", async ({ route, json, field }) => {
    const before = await rowCounts();
    const res = await call(route.handler, route.method, "/x", { params: route.params(), cookie, json });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "validation_failed", message: expect.any(String), field } });
    expect(res.body.error.message).toContain(field);
    expect(await rowCounts()).toEqual(before);
  });

  it("the password is never echoed back in the error", async () => {
    const res = await call(ADD_MEMBER.handler, "POST", "/m", {
      params: ADD_MEMBER.params(),
      cookie,
      json: { ...newMember, password: "password1234" },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).not.toContain("password1234");
  });

  it("the same bodies, made valid, are accepted, so each 422 above is about the field it names", async () => {
    const key = await call(CREATE_KEY.handler, "POST", "/k", { params: CREATE_KEY.params(), cookie, json: { ...validKey, expiresAt: inOneHour() } });
    expect(key.status).toBe(201);
    const member = await call(ADD_MEMBER.handler, "POST", "/m", { params: ADD_MEMBER.params(), cookie, json: newMember });
    expect(member.status).toBe(201);
    const role = await call(CHANGE_ROLE.handler, "PATCH", "/m", { params: CHANGE_ROLE.params(), cookie, json: { role: "admin" } });
    expect(role.status).toBe(200);
    const project = await call(CREATE_PROJECT.handler, "POST", "/p", { params: CREATE_PROJECT.params(), cookie, json: { name: "Claims triage" } });
    expect(project.status).toBe(201);
    // Put the role back, so the row counts of the other tests keep their meaning.
    await call(CHANGE_ROLE.handler, "PATCH", "/m", { params: CHANGE_ROLE.params(), cookie, json: { role: "viewer" } });
  });
});

describe("malformed bodies", () => {
  const MALFORMED_JSON = ["{\"name\": ", "{name: 'Claims'}", "", "[1, 2,]", "\u0000"];

  it.each(JSON_ROUTES)("$name answers 400 invalid_json for malformed JSON and writes nothing", async (route) => {
    for (const rawBody of MALFORMED_JSON) {
      const before = await rowCounts();
      const res = await call(route.handler, route.method, "/x", { params: route.params(), cookie, rawBody });
      expect(res.status, JSON.stringify(rawBody)).toBe(400);
      expect(res.body).toEqual({ error: { code: "invalid_json", message: expect.any(String) } });
      expect(await rowCounts()).toEqual(before);
    }
  });

  it.each(JSON_ROUTES)("$name answers 415 for a text/plain body, even one holding valid JSON, and writes nothing", async (route) => {
    const before = await rowCounts();
    const res = await call(route.handler, route.method, "/x", {
      params: route.params(),
      cookie,
      rawBody: JSON.stringify({ name: "Claims triage", scopes: ["scan"], email: "x@members.example", role: "viewer" }),
      contentType: "text/plain",
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ error: { code: "unsupported_media_type", message: expect.any(String) } });
    expect(await rowCounts()).toEqual(before);
  });

  it.each(JSON_ROUTES)("$name answers 413 for a body over 1 MB and writes nothing", async (route) => {
    const before = await rowCounts();
    const res = await call(route.handler, route.method, "/x", {
      params: route.params(),
      cookie,
      json: { name: "n".repeat(1_100_000), scopes: ["scan"], role: "viewer" },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 413 from a declared Content-Length over 1 MB without reading the body, and writes nothing", async () => {
    const before = await rowCounts();
    // The body itself is small and valid: only the declaration can cause the refusal.
    const res = await call(CREATE_PROJECT.handler, "POST", "/p", {
      params: CREATE_PROJECT.params(),
      cookie,
      json: { name: "Declared giant" },
      headers: { "content-length": "5000000" },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    expect(await rowCounts()).toEqual(before);
  });
});

// Webhooks (issue 6): a bad URL, rule or flag is a 422 naming the field; a URL Warden
// must not call (metadata, private, loopback, local names, other schemes) is refused
// when saved; malformed bodies are 400/415; nothing is written.
describe("webhook bodies", () => {
  let routes: {
    list: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route");
    one: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route");
  };
  let webhookId: string;
  beforeAll(async () => {
    routes = {
      list: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route"),
      one: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route"),
    };
    const created = await call(routes.list.POST, "POST", "/w", {
      params: { orgId: tenant.organization.id, projectId: tenant.project.id },
      cookie,
      json: { url: "https://hooks.validation.example.com/in" },
    });
    expect(created.status).toBe(201);
    webhookId = created.body.webhook.id;
  });
  const projectParams = () => ({ orgId: tenant.organization.id, projectId: tenant.project.id });
  const webhookState = async () => ({
    counts: await rowCounts(),
    webhooks: await db().webhook.findMany({ select: { id: true, url: true, enabled: true, ruleId: true, secret: true }, orderBy: { id: "asc" } }),
  });

  const CASES: { name: string; method: "POST" | "PATCH"; json: unknown; field: string }[] = [
    { name: "no URL", method: "POST", json: {}, field: "url" },
    { name: "an empty URL", method: "POST", json: { url: "  " }, field: "url" },
    { name: "a URL that is not a string", method: "POST", json: { url: ["https://a.example.com"] }, field: "url" },
    { name: "a 3000-character URL", method: "POST", json: { url: `https://hooks.example.com/${"a".repeat(3000)}` }, field: "url" },
    { name: "a relative URL", method: "POST", json: { url: "/api/v1/scan" }, field: "url" },
    { name: "an ftp URL", method: "POST", json: { url: "ftp://files.example.com/in" }, field: "url" },
    { name: "a javascript: URL", method: "POST", json: { url: "javascript:alert(document.cookie)" }, field: "url" },
    { name: "the cloud metadata address", method: "POST", json: { url: "http://169.254.169.254/latest/meta-data/" }, field: "url" },
    { name: "a private address", method: "POST", json: { url: "http://10.0.0.1/hook" }, field: "url" },
    { name: "a private address in decimal", method: "POST", json: { url: "http://167772161/hook" }, field: "url" },
    { name: "an IPv4-mapped loopback address", method: "POST", json: { url: "http://[::ffff:127.0.0.1]:3000/" }, field: "url" },
    { name: "localhost", method: "POST", json: { url: "http://localhost:3000/api" }, field: "url" },
    { name: "credentials in the URL", method: "POST", json: { url: "https://ops:hunter2@hooks.example.com/" }, field: "url" },
    { name: "a rule id that is not a string", method: "POST", json: { url: "https://hooks.example.com/in", ruleId: 42 }, field: "ruleId" },
    { name: "a rule that does not exist", method: "POST", json: { url: "https://hooks.example.com/in", ruleId: "0193f1c2-0000-7000-8000-000000000000" }, field: "ruleId" },
    { name: "enabled as a string", method: "POST", json: { url: "https://hooks.example.com/in", enabled: "yes" }, field: "enabled" },
    { name: "a private address on update", method: "PATCH", json: { url: "http://192.168.1.1/" }, field: "url" },
    { name: "enabled as a number on update", method: "PATCH", json: { enabled: 1 }, field: "enabled" },
  ];

  it.each(CASES)("$method with $name answers 422 on `$field` and writes nothing", async ({ method, json, field }) => {
    const before = await webhookState();
    const res =
      method === "POST"
        ? await call(routes.list.POST, "POST", "/w", { params: projectParams(), cookie, json })
        : await call(routes.one.PATCH, "PATCH", "/w", { params: { ...projectParams(), webhookId }, cookie, json });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "validation_failed", message: expect.any(String), field } });
    expect(await webhookState()).toEqual(before);
  });

  it("an empty update is refused with 422 and changes nothing", async () => {
    const before = await webhookState();
    const res = await call(routes.one.PATCH, "PATCH", "/w", { params: { ...projectParams(), webhookId }, cookie, json: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(await webhookState()).toEqual(before);
  });

  it("malformed JSON is 400 and a text/plain body is 415, writing nothing", async () => {
    const before = await webhookState();
    const malformed = await call(routes.list.POST, "POST", "/w", { params: projectParams(), cookie, rawBody: "{\"url\": " });
    expect(malformed.status).toBe(400);
    const plain = await call(routes.list.POST, "POST", "/w", {
      params: projectParams(),
      cookie,
      rawBody: JSON.stringify({ url: "https://hooks.example.com/in" }),
      contentType: "text/plain",
    });
    expect(plain.status).toBe(415);
    expect(await webhookState()).toEqual(before);
  });
});

describe("alert rule bodies", () => {
  let routes: {
    list: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route");
    one: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route");
    backtest: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route");
    acknowledge: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route");
  };
  let ruleId: string;
  beforeAll(async () => {
    routes = {
      list: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route"),
      one: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route"),
      backtest: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route"),
      acknowledge: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route"),
    };
    const rules = await db().alertRule.findMany({ where: { projectId: tenant.project.id, type: "flooding" }, select: { id: true } });
    ruleId = rules[0]!.id;
  });
  const projectParams = () => ({ orgId: tenant.organization.id, projectId: tenant.project.id });
  const ruleState = async () => ({
    counts: await rowCounts(),
    rules: await db().alertRule.findMany({ select: { id: true, name: true, params: true, agentPattern: true, severity: true, enabled: true }, orderBy: { id: "asc" } }),
  });
  const valid = { name: "Chatty web surfer", type: "flooding", params: { maxMessages: 10, windowSeconds: 30 }, severity: "high" };

  const CASES: { name: string; json: unknown; field: string }[] = [
    { name: "an empty rule name", json: { ...valid, name: "  " }, field: "name" },
    { name: "an unknown rule type", json: { ...valid, type: "telepathy" }, field: "type" },
    { name: "a flooding threshold of 1", json: { ...valid, params: { maxMessages: 1, windowSeconds: 30 } }, field: "params.maxMessages" },
    { name: "a window given as text", json: { ...valid, params: { maxMessages: 10, windowSeconds: "a minute" } }, field: "params.windowSeconds" },
    { name: "a fractional message count", json: { ...valid, params: { maxMessages: 10.5, windowSeconds: 30 } }, field: "params.maxMessages" },
    { name: "a similarity above 1", json: { ...valid, type: "repetition", params: { minRepeats: 3, similarity: 1.5 } }, field: "params.similarity" },
    { name: "an unknown threat category", json: { ...valid, type: "threat", params: { category: "telepathy", minSeverity: "high" } }, field: "params.category" },
    { name: "a quota percent of 0", json: { ...valid, type: "quota", params: { percent: 0 } }, field: "params.percent" },
    { name: "an unknown severity", json: { ...valid, severity: "apocalyptic" }, field: "severity" },
    { name: "a 201-character agent pattern", json: { ...valid, agentPattern: "a".repeat(201) }, field: "agentPattern" },
  ];

  it.each(CASES)("creating a rule with $name answers 422 on `$field` and writes nothing", async ({ json, field }) => {
    const before = await ruleState();
    const res = await call(routes.list.POST, "POST", "/r", { params: projectParams(), cookie, json });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "validation_failed", message: expect.any(String), field } });
    const backtest = await call(routes.backtest.POST, "POST", "/r", { params: projectParams(), cookie, json });
    expect(backtest.status).toBe(422);
    expect(await ruleState()).toEqual(before);
  });

  it("an edit with bad params, a new type or an unknown field is refused with 422 and changes nothing", async () => {
    const before = await ruleState();
    for (const [json, field] of [
      [{ params: { maxMessages: 0, windowSeconds: 60 } }, "params.maxMessages"],
      [{ params: { maxMessages: 20 } }, "params.windowSeconds"],
      [{ type: "quota" }, ""],
      [{ enabled: "yes" }, "enabled"],
    ] as const) {
      const res = await call(routes.one.PATCH, "PATCH", "/r", { params: { ...projectParams(), ruleId }, cookie, json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      if (field) expect(res.body.error.field).toBe(field);
    }
    expect(await ruleState()).toEqual(before);
  });

  it("a note longer than 2,000 characters is refused before the alert is looked up", async () => {
    const res = await call(routes.acknowledge.POST, "POST", "/a", { params: { ...projectParams(), alertId: "00000000-0000-0000-0000-000000000000" }, cookie, json: { note: "n".repeat(2_001) } });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("note");
  });

  it("malformed JSON is 400 and a text/plain body is 415, writing nothing", async () => {
    const before = await ruleState();
    expect((await call(routes.list.POST, "POST", "/r", { params: projectParams(), cookie, rawBody: "{\"name\": " })).status).toBe(400);
    expect((await call(routes.list.POST, "POST", "/r", { params: projectParams(), cookie, rawBody: JSON.stringify(valid), contentType: "text/plain" })).status).toBe(415);
    expect(await ruleState()).toEqual(before);
  });
});
