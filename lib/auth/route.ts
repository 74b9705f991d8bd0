// One wrapper per kind of route. Each authenticates, resolves the tenant, checks the
// role or scope, parses the body with the route's schema and maps every error to the
// one error shape; the handler cannot run without what it needs.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Actor } from "@/lib/audit/record";
import type { ApiKeyScope, Role } from "@/lib/db/generated/enums";
import { readJsonBody } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { ApiError, errorResponse, jsonResponse } from "@/lib/http/errors";
import { storable } from "@/lib/http/storable";
import { assertRole, resolveOrgAccess, resolveProject, type OrgAccess } from "./access";
import { authenticateApiKey, type ApiKeyPrincipal } from "./api-keys";
import { sessionUserFromRequest, type SessionUser } from "./session";
import { assertApiRateLimit } from "./throttle";

type Params = Record<string, string | string[] | undefined>;
interface RouteContext {
  params: Promise<Params>;
}
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function toResponse(result: unknown, status = 200): Response {
  return result instanceof Response ? result : jsonResponse(result, { status });
}

/** Cookies ride along on cross-site requests; refuse mutations whose Origin is another site. */
function assertSameOrigin(request: Request): void {
  if (!MUTATING.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError("forbidden", "Cross-site request refused.");
  }
  if (host && originHost !== host) throw new ApiError("forbidden", "Cross-site request refused.");
}

function param(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || value.length === 0 || value.length > 100) {
    throw new ApiError("not_found", `No such ${name.replace(/Id$/, "")}.`);
  }
  return value;
}

export interface SessionContext<B> {
  request: Request;
  params: Params;
  user: SessionUser;
  actor: Actor;
  ip: string | null;
  body: B;
}
export interface OrgContext<B> extends SessionContext<B> {
  access: OrgAccess;
  organizationId: string;
}
export interface ProjectContext<B> extends OrgContext<B> {
  project: { id: string; slug: string; name: string; organizationId: string };
}

interface RouteOptions<S extends z.ZodType | undefined> {
  /** Zod schema of the JSON body; omitted for routes without one. */
  body?: S;
  /** The least role that may call this route; viewer when omitted. */
  role?: Role;
  /** Status of a successful answer (201 for creations). */
  status?: number;
}
type BodyOf<S> = S extends z.ZodType ? z.output<S> : undefined;

async function sessionContext<S extends z.ZodType | undefined>(
  request: Request,
  context: RouteContext,
  options: RouteOptions<S>,
): Promise<SessionContext<BodyOf<S>>> {
  const user = await sessionUserFromRequest(request);
  if (!user) throw new ApiError("unauthorized", "Sign in first.");
  assertSameOrigin(request);
  const params = storable(await context.params);
  return {
    request,
    params,
    user,
    actor: { type: "user", id: user.id, label: user.email },
    ip: clientIp(request),
    // Parsed after authentication, so an anonymous caller learns nothing from validation errors.
    body: undefined as BodyOf<S>,
  };
}

async function withBody<S extends z.ZodType | undefined, C extends { body: unknown; request: Request }>(
  ctx: C,
  options: RouteOptions<S>,
): Promise<C> {
  if (options.body) ctx.body = await readJsonBody(ctx.request, options.body);
  return ctx;
}

/** A dashboard route that needs a signed-in user and nothing else. */
export function sessionRoute<S extends z.ZodType | undefined = undefined>(
  options: RouteOptions<S>,
  handler: (ctx: SessionContext<BodyOf<S>>) => Promise<unknown>,
): Handler {
  return async (request, context) => {
    try {
      const ctx = await withBody(await sessionContext(request, context, options), options);
      return toResponse(await handler(ctx), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A dashboard route under /api/orgs/[orgId]: the caller must be a member with at least `role`. */
export function orgRoute<S extends z.ZodType | undefined = undefined>(
  options: RouteOptions<S>,
  handler: (ctx: OrgContext<BodyOf<S>>) => Promise<unknown>,
): Handler {
  return async (request, context) => {
    try {
      const base = await sessionContext(request, context, options);
      const access = await resolveOrgAccess(base.user.id, { id: param(base.params, "orgId") });
      assertRole(access, options.role ?? "viewer");
      const ctx = await withBody({ ...base, access, organizationId: access.organization.id }, options);
      return toResponse(await handler(ctx), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A dashboard route under /api/orgs/[orgId]/projects/[projectId]. */
export function projectRoute<S extends z.ZodType | undefined = undefined>(
  options: RouteOptions<S>,
  handler: (ctx: ProjectContext<BodyOf<S>>) => Promise<unknown>,
): Handler {
  return async (request, context) => {
    try {
      const base = await sessionContext(request, context, options);
      const access = await resolveOrgAccess(base.user.id, { id: param(base.params, "orgId") });
      const project = await resolveProject(access.organization.id, { id: param(base.params, "projectId") });
      assertRole(access, options.role ?? "viewer");
      const ctx = await withBody({ ...base, access, organizationId: access.organization.id, project }, options);
      return toResponse(await handler(ctx), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export interface ApiContext<B> {
  request: Request;
  params: Record<string, string>;
  principal: ApiKeyPrincipal;
  actor: Actor;
  requestId: string;
  body: B;
}

/** A public `/api/v1` route authenticated by a project API key with `scope`. */
export function apiKeyRoute<S extends z.ZodType | undefined = undefined>(
  options: { scope: ApiKeyScope | null; body?: S; status?: number; bodyLimitBytes?: number },
  handler: (ctx: ApiContext<BodyOf<S>>) => Promise<unknown>,
): Handler {
  return async (request, context) => {
    const requestId = randomUUID();
    try {
      const principal = await authenticateApiKey(request, options.scope);
      assertApiRateLimit(principal.rateWindow);
      const params = storable(
        Object.fromEntries(Object.entries((await context?.params) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
      );
      const body = (options.body
        ? await readJsonBody(request, options.body, options.bodyLimitBytes)
        : undefined) as BodyOf<S>;
      const actor: Actor = { type: "api_key", id: principal.keyId, label: principal.keyName };
      const response = toResponse(await handler({ request, params, principal, actor, requestId, body }), options.status);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      const response = errorResponse(error, { requestId });
      response.headers.set("x-request-id", requestId);
      return response;
    }
  };
}
