// Settings → Audit log through its session routes: who may read it, filters and keyset pages,
// the chain indicator, exports that `npm run verify` checks, and the Enterprise retention setting.
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/orgs/[orgId]/audit-log/export/route";
import * as retentionRoute from "@/app/api/orgs/[orgId]/audit-log/retention/route";
import * as listRoute from "@/app/api/orgs/[orgId]/audit-log/route";
import * as summaryRoute from "@/app/api/orgs/[orgId]/audit-log/summary/route";
import * as keysRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route";
import * as keyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]/route";
import { db } from "@/lib/db/client";
import { splitLines, verifyBundle } from "@/lib/export/verify";
import { addMemberWithRole, call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { recordAudit } from "./record";

useMigratedDatabase();

type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function staffed(label: string) {
  const tenant = await createTenant(label);
  const orgId = tenant.organization.id;
  const admin = await addMemberWithRole(orgId, "admin", label);
  const viewer = await addMemberWithRole(orgId, "viewer", label);
  return {
    tenant,
    orgId,
    owner: await sessionCookie(tenant.owner.id),
    admin: await sessionCookie(admin.id),
    viewer: await sessionCookie(viewer.id),
  };
}

const list = (orgId: string, cookie: string, query = "") => call(listRoute.GET, "GET", `/api/orgs/${orgId}/audit-log${query}`, { params: { orgId }, cookie });
const summary = (orgId: string, cookie: string) => call(summaryRoute.GET, "GET", `/api/orgs/${orgId}/audit-log/summary`, { params: { orgId }, cookie });
const exportOf = async (orgId: string, cookie: string, query: string) => {
  const response = await exportRoute.GET(new Request(`http://localhost:3000/api/orgs/${orgId}/audit-log/export${query}`, { headers: { cookie } }), {
    params: Promise.resolve({ orgId }),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // TextDecoder would drop a byte order mark; keep it so the test can see it.
  return { status: response.status, headers: response.headers, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
};
const setRetention = (orgId: string, cookie: string, json: unknown) =>
  call(retentionRoute.PATCH, "PATCH", `/api/orgs/${orgId}/audit-log/retention`, { params: { orgId }, cookie, json });

async function createAndRevokeKey(t: Tenant, cookie: string, name: string) {
  const params = { orgId: t.organization.id, projectId: t.project.id };
  const created = await call(keysRoute.POST, "POST", "/api/keys", { params, cookie, json: { name, scopes: ["ingest"] } });
  expect(created.status).toBe(201);
  const revoked = await call(keyRoute.DELETE, "DELETE", "/api/keys/x", { params: { ...params, keyId: created.body.apiKey.id }, cookie });
  expect(revoked.status).toBeLessThan(300);
  return created.body.apiKey.id as string;
}

describe("audit log routes", () => {
  let a: Awaited<ReturnType<typeof staffed>>;
  let b: Awaited<ReturnType<typeof staffed>>;
  let keyId: string;

  beforeAll(async () => {
    a = await staffed("acme");
    b = await staffed("globex");
    keyId = await createAndRevokeKey(a.tenant, a.admin, "support bot ingest");
    await createAndRevokeKey(b.tenant, b.owner, "globex secret key");
  }, 60_000);

  it("shows owners and admins every key creation and revocation with actor, time, source and target", async () => {
    for (const cookie of [a.owner, a.admin]) {
      const page = await list(a.orgId, cookie, "?action=api_key.");
      expect(page.status).toBe(200);
      expect(page.body.entries.map((e: { action: string }) => e.action)).toEqual(["api_key.revoked", "api_key.created"]);
      const [revoked] = page.body.entries;
      expect(revoked).toMatchObject({ actor: { type: "user", label: expect.stringContaining("admin-acme") }, target: { type: "api_key", id: keyId } });
      expect(Date.parse(revoked.created_at)).toBeGreaterThan(Date.now() - 120_000);
      expect(revoked).toHaveProperty("source_ip");
    }
  });

  it("refuses viewers with 403 on every audit log route, and strangers with 404", async () => {
    expect((await list(a.orgId, a.viewer)).status).toBe(403);
    expect((await summary(a.orgId, a.viewer)).status).toBe(403);
    expect((await exportOf(a.orgId, a.viewer, "?format=jsonl")).status).toBe(403);
    expect((await setRetention(a.orgId, a.viewer, { retention_days: 30 })).status).toBe(403);
    // B's owner asking for A's log: A's existence does not leak.
    expect((await list(a.orgId, b.owner)).status).toBe(404);
    expect((await summary(a.orgId, b.owner)).status).toBe(404);
    expect((await exportOf(a.orgId, b.owner, "?format=bundle")).status).toBe(404);
    expect((await setRetention(a.orgId, b.owner, { retention_days: 30 })).status).toBe(404);
    expect((await list("00000000-0000-0000-0000-000000000000", a.owner)).status).toBe(404);
    expect((await call(listRoute.GET, "GET", "/x", { params: { orgId: a.orgId } })).status).toBe(401);
  });

  it("never shows another organization's entries", async () => {
    const page = await list(a.orgId, a.owner, "?limit=200");
    expect(JSON.stringify(page.body)).not.toContain("globex");
    expect(JSON.stringify(page.body)).not.toContain(b.orgId);
  });

  it("filters by action family, actor, actor type, target type and time range", async () => {
    expect((await list(a.orgId, a.owner, "?action=api_key.created")).body.entries).toHaveLength(1);
    const byActor = await list(a.orgId, a.owner, "?actor=ADMIN-ACME");
    expect(byActor.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(byActor.body.entries.every((e: { actor: { label: string } }) => e.actor.label.includes("admin-acme"))).toBe(true);
    const projects = await list(a.orgId, a.owner, "?target_type=project");
    expect(projects.body.entries.map((e: { action: string }) => e.action)).toEqual(["project.created"]);
    expect((await list(a.orgId, a.owner, "?actor_type=system")).body.entries).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(a.orgId, a.owner, `?from=${future}`)).body.entries).toEqual([]);
    expect((await list(a.orgId, a.owner, `?from=2020-01-01T00:00:00Z&to=${future}`)).body.entries.length).toBeGreaterThan(3);
  });

  it("pages by keyset without gaps or repeats while entries keep arriving", async () => {
    const all = (await list(a.orgId, a.owner, "?limit=200")).body.entries.map((e: { seq: number }) => e.seq);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(a.orgId, a.owner, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.entries.map((e: { seq: number }) => e.seq));
      cursor = page.body.next_cursor;
      if (seen.length === 2) await db().$transaction((tx) => recordAudit(tx, { organizationId: a.orgId, actor: { type: "system", label: "test" }, action: "alert.acknowledged", targetType: "alert" }));
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("names the field of bad filters with a 422", async () => {
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?from=yesterday", "from"],
      ["?cursor=abc", "cursor"],
      ["?action=DROP TABLE", "action"],
      ["?actor_type=robot", "actor_type"],
      ["?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"],
    ] as const) {
      const answer = await list(a.orgId, a.owner, query);
      expect(answer.status, query).toBe(422);
      expect(answer.body.error.field, query).toBe(field);
    }
    expect((await exportOf(a.orgId, a.owner, "?format=xlsx")).status).toBe(422);
  });

  it("reports the chain verified, then the seq of a deleted row", async () => {
    const t = await staffed("tamper");
    await createAndRevokeKey(t.tenant, t.owner, "to be hidden");
    const ok = await summary(t.orgId, t.admin);
    expect(ok.status).toBe(200);
    expect(ok.body.chain).toMatchObject({ ok: true });
    expect(ok.body.filters.actions).toEqual(expect.arrayContaining(["api_key.created", "api_key.revoked"]));
    const created = await db().auditLogEntry.findFirstOrThrow({ where: { organizationId: t.orgId, action: "api_key.created" } });
    await db().auditLogEntry.delete({ where: { id: created.id } });
    expect((await summary(t.orgId, t.admin)).body.chain).toMatchObject({ ok: false, broken_at_seq: created.seq, reason: "missing" });
  });

  it("exports the whole chain as a bundle that verifies, and names the entry a one-character edit broke", async () => {
    const exported = await exportOf(a.orgId, a.admin, "?format=bundle&action=api_key.created");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/attachment; filename=".+-audit-log-.+\.bundle\.jsonl"/);
    const verified = await verifyBundle(splitLines([exported.text]));
    const total = await db().auditLogEntry.count({ where: { organizationId: a.orgId } });
    expect(verified).toMatchObject({ ok: true, kind: "audit_log", records: total });
    // The export is in the log, and in the bundle as its last record.
    const lines = exported.text.trimEnd().split("\n");
    const last = JSON.parse(lines[lines.length - 3]!);
    expect(last).toMatchObject({ type: "record", action: "audit_log.exported", actorLabel: expect.stringContaining("admin-acme") });

    const target = lines.findIndex((l) => l.includes('"api_key.revoked"'));
    const tampered = [...lines];
    tampered[target] = tampered[target]!.replace("support bot ingest", "support bot ingesT");
    expect(tampered[target]).not.toBe(lines[target]);
    const failed = await verifyBundle(splitLines([tampered.join("\n") + "\n"]));
    expect(failed).toMatchObject({ ok: false, seq: JSON.parse(lines[target]!).seq });
  });

  it("exports filtered JSON Lines and CSV with formula cells neutralised", async () => {
    await db().$transaction((tx) =>
      recordAudit(tx, { organizationId: a.orgId, actor: { type: "api_key", id: "k", label: "=HYPERLINK(\"http://evil.example\")" }, action: "export.streamed", targetType: "export" }),
    );
    const jsonl = await exportOf(a.orgId, a.owner, "?format=jsonl&action=api_key.");
    const rows = jsonl.text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.action)).toEqual(["api_key.created", "api_key.revoked"]);
    const csv = await exportOf(a.orgId, a.owner, "?format=csv&action=export.streamed&bom=1");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.startsWith("\uFEFFseq,created_at")).toBe(true);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const logged = await db().auditLogEntry.findMany({ where: { organizationId: a.orgId, action: "audit_log.exported" } });
    expect(logged.map((e) => (e.metadata as { format: string }).format)).toEqual(expect.arrayContaining(["bundle", "jsonl", "csv"]));
  });

  it("lets only an Enterprise owner set retention days, audit-logged", async () => {
    expect((await setRetention(a.orgId, a.owner, { retention_days: 30 })).status).toBe(409);
    await db().organization.update({ where: { id: a.orgId }, data: { tier: "enterprise" } });
    expect((await setRetention(a.orgId, a.admin, { retention_days: 30 })).status).toBe(403);
    const bad = await setRetention(a.orgId, a.owner, { retention_days: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("retention_days");
    const set = await setRetention(a.orgId, a.owner, { retention_days: 30 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ tier: "enterprise", days: 30, custom_days: 30, configurable: true });
    expect((await setRetention(a.orgId, a.owner, { retention_days: null })).body).toMatchObject({ days: 365, custom_days: null });
    const entries = await db().auditLogEntry.findMany({ where: { organizationId: a.orgId, action: "retention.updated" }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.metadata)).toEqual([{ from: null, to: 30 }, { from: 30, to: null }]);
    expect((await summary(a.orgId, a.owner)).body.chain).toMatchObject({ ok: true });
  });
});
