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
