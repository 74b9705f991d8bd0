import { describe, expect, it } from "vitest";
import * as keysRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route";
import * as keyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]/route";
import * as whoami from "@/app/api/v1/whoami/route";
import { db } from "@/lib/db/client";
import { call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

async function ownerWithKey(scopes: string[], extra: Record<string, unknown> = {}) {
  const tenant = await createTenant("keys");
  const cookie = await sessionCookie(tenant.owner.id);
  const params = { orgId: tenant.organization.id, projectId: tenant.project.id };
  const created = await call(keysRoute.POST, "POST", "/api/keys", { params, cookie, json: { name: "production agents", scopes, ...extra } });
  return { tenant, cookie, params, created };
}

describe("API key lifecycle over HTTP", () => {
  it("creates a key whose secret works for whoami, then stops working the moment it is revoked", async () => {
    const { tenant, cookie, params, created } = await ownerWithKey(["scan", "ingest", "read"]);
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^wdn_live_[0-9A-Za-z]{43}$/);

    const ok = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: secret });
    expect(ok.status).toBe(200);
    expect(ok.body.project.id).toBe(tenant.project.id);
    expect(ok.body.organization.id).toBe(tenant.organization.id);
    expect(ok.body.scopes).toEqual(["scan", "ingest", "read"]);

    const revoked = await call(keyRoute.DELETE, "DELETE", "/api/keys/x", { params: { ...params, keyId: created.body.apiKey.id }, cookie });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();

    const after = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: secret });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");
  });

  it("stores only the SHA-256 of the secret and a short display prefix, never the secret", async () => {
    const { created } = await ownerWithKey(["scan"]);
    const secret: string = created.body.secret;
    const row = await db().apiKey.findFirstOrThrow({ where: { id: created.body.apiKey.id }, select: { keyHash: true, prefix: true } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(secret.slice(0, 15));
    const dump = JSON.stringify(await db().$queryRawUnsafe(`SELECT * FROM "ApiKey"`));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(15));
  });

  it("lists keys by prefix without hash or secret", async () => {
    const { cookie, params, created } = await ownerWithKey(["read"]);
    const list = await call(keysRoute.GET, "GET", "/api/keys", { params, cookie });
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain("keyHash");
    expect(list.body.apiKeys[0]).toMatchObject({ name: "production agents", prefix: created.body.apiKey.prefix, scopes: ["read"] });
  });

  it("refuses an expired key with 401", async () => {
    const { created } = await ownerWithKey(["scan"]);
    await db().apiKey.update({ where: { id: created.body.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: created.body.secret });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it("accepts a key until its expiry", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const { created } = await ownerWithKey(["scan"], { expiresAt: future });
    expect(created.status).toBe(201);
    expect((await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: created.body.secret })).status).toBe(200);
  });

  it("answers 401 for a missing, malformed, unknown or prefix-only key", async () => {
    const { created } = await ownerWithKey(["scan"]);
    const secret: string = created.body.secret;
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    for (const bearer of [undefined, "nonsense", "wdn_live_short", flipped, created.body.apiKey.prefix, `${secret}x`]) {
      const res = await call(whoami.GET, "GET", "/api/v1/whoami", bearer ? { bearer } : {});
      expect(res.status, `key ${bearer}`).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("records lastUsedAt on use, at most once a minute", async () => {
    const { created } = await ownerWithKey(["scan"]);
    await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: created.body.secret });
    const first = await db().apiKey.findUniqueOrThrow({ where: { id: created.body.apiKey.id } });
    expect(first.lastUsedAt).not.toBeNull();
    await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: created.body.secret });
    const second = await db().apiKey.findUniqueOrThrow({ where: { id: created.body.apiKey.id } });
    expect(second.lastUsedAt?.getTime()).toBe(first.lastUsedAt?.getTime());
  });

  it("writes audit log entries for creation and revocation", async () => {
    const { tenant, cookie, params, created } = await ownerWithKey(["scan"]);
    await call(keyRoute.DELETE, "DELETE", "/api/keys/x", { params: { ...params, keyId: created.body.apiKey.id }, cookie });
    const entries = await db().auditLogEntry.findMany({
      where: { organizationId: tenant.organization.id, targetId: created.body.apiKey.id },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(entries[0]).toMatchObject({ actorType: "user", actorId: tenant.owner.id, actorLabel: tenant.owner.email });
    expect(JSON.stringify(entries)).not.toContain(created.body.secret);
  });
});

describe("API key scopes", () => {
  it("refuses a key that lacks the route's scope with 403, and accepts one that has it", async () => {
    const { authenticateApiKey } = await import("./api-keys");
    const { ApiError } = await import("@/lib/http/errors");
    const { created } = await ownerWithKey(["scan"]);
    const request = () => new Request("http://localhost/api/v1/events", { headers: { authorization: `Bearer ${created.body.secret}` } });
    const refused = await authenticateApiKey(request(), "ingest").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as InstanceType<typeof ApiError>).status).toBe(403);
    expect((refused as InstanceType<typeof ApiError>).message).toContain('"ingest" scope');
    await expect(authenticateApiKey(request(), "scan")).resolves.toMatchObject({ scopes: ["scan"] });
  });
});

describe("API rate limit", () => {
  it("answers 429 with Retry-After once a key exceeds its requests per second, per key", async () => {
    const { serverEnv } = await import("@/lib/env");
    const limit = serverEnv().WARDEN_API_RATE_LIMIT;
    const { created } = await ownerWithKey(["scan"]);
    const other = await ownerWithKey(["scan"]);
    const statuses = await Promise.all(Array.from({ length: limit + 20 }, () => call(whoami.GET, "GET", "/api/v1/whoami", { bearer: created.body.secret })));
    const limited = statuses.filter((r) => r.status === 429);
    // Requests spread over a second boundary may land in two windows; at least the excess over two windows is refused.
    expect(limited.length).toBeGreaterThan(0);
    expect(statuses.filter((r) => r.status === 200).length).toBeLessThanOrEqual(2 * limit);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.error.code).toBe("rate_limited");
    // Another key is not affected.
    expect((await call(whoami.GET, "GET", "/api/v1/whoami", { bearer: other.created.body.secret })).status).toBe(200);
  });
});
