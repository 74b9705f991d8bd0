// Real-shaped tenants for integration tests, signed-in sessions as the browser would
// hold them, and a way to call a route handler with an HTTP request.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { createOrganization } from "@/lib/orgs/organizations";
import { createProject } from "@/lib/orgs/projects";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export async function createUser(email: string, name = email.split("@")[0] ?? email) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db().user.create({ data: { email, name, passwordHash: await passwordHash }, select: { id: true, email: true, name: true } });
}

/** An organization with one owner and one project, as the first run creates them. */
export async function createTenant(label: string) {
  const owner = await createUser(`owner-${label}-${randomBytes(3).toString("hex")}@${label}.example`);
  const organization = await createOrganization(`Org ${label}`, owner);
  const project = await createProject(organization.id, `Agents ${label}`, { type: "user", id: owner.id, label: owner.email }, null);
  return { owner, organization, project };
}

/** A tenant with an API key created the way the dashboard creates one; `secret` is the key shown once. */
export async function createTenantWithKey(label: string, scopes = ["scan", "ingest", "read"]) {
  const keysRoute = await import("@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route");
  const tenant = await createTenant(label);
  const cookie = await sessionCookie(tenant.owner.id);
  const params = { orgId: tenant.organization.id, projectId: tenant.project.id };
  const created = await call(keysRoute.POST, "POST", "/k", { params, cookie, json: { name: "agents", scopes } });
  if (created.status !== 201) throw new Error(`creating the test key answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { ...tenant, cookie, params, secret: created.body.secret as string };
}

export async function addMemberWithRole(organizationId: string, role: Role, label: string) {
  const user = await createUser(`${role}-${label}-${randomBytes(3).toString("hex")}@members.example`);
  await db().membership.create({ data: { organizationId, userId: user.id, role } });
  return user;
}

/** The cookie next-auth sets after a successful sign-in of this user. */
export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { uid: userId, sub: userId }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return `next-auth.session-token=${token}`;
}

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  params?: Record<string, string>;
  cookie?: string;
  bearer?: string;
  json?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
}

export async function call(handler: RouteHandler, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("content-type", options.contentType ?? "application/json");
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers.set("content-type", options.contentType ?? "application/json");
  }
  const request = new Request(`http://localhost:3000${path}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Row counts of the foundation's tables, to prove a refused request wrote nothing. */
export async function tableCounts() {
  const [users, organizations, memberships, projects, apiKeys, auditEntries] = await Promise.all([
    db().user.count(),
    db().organization.count(),
    db().membership.count(),
    db().project.count(),
    db().apiKey.count(),
    db().auditLogEntry.count(),
  ]);
  return { users, organizations, memberships, projects, apiKeys, auditEntries };
}

/**
 * Lifts the per-key API rate limit for this test file (restored after it): sweeps send thousands
 * of requests with one key in a few seconds, which the limit would answer 429.
 */
export function liftApiRateLimit(): void {
  const previous = process.env.WARDEN_API_RATE_LIMIT;
  process.env.WARDEN_API_RATE_LIMIT = "1000000";
  afterAll(() => {
    if (previous === undefined) delete process.env.WARDEN_API_RATE_LIMIT;
    else process.env.WARDEN_API_RATE_LIMIT = previous;
  });
}
