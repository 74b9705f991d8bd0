// Roles inside one organization: viewers read, admins manage everything but the owner
// role, owners manage everything; an organization never loses its last owner, even
// when two owners demote each other at the same instant.
import { beforeAll, describe, expect, it } from "vitest";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as keysRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/route";
import * as keyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]/route";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as memberRoute from "@/app/api/orgs/[orgId]/members/[membershipId]/route";
import { db, pool } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { addMemberWithRole, call, createTenant, createUser, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

type RouteHandler = Parameters<typeof call>[0];

async function membershipIdOf(organizationId: string, userId: string): Promise<string> {
  const membership = await db().membership.findFirstOrThrow({ where: { organizationId, userId }, select: { id: true } });
  return membership.id;
}

async function roleOf(membershipId: string): Promise<Role | undefined> {
  const membership = await db().membership.findUnique({ where: { id: membershipId }, select: { role: true } });
  return membership?.role;
}

async function organizationState(organizationId: string) {
  const [memberships, projects, apiKeys, auditEntries, users] = await Promise.all([
    db().membership.findMany({ where: { organizationId }, select: { id: true, userId: true, role: true }, orderBy: { id: "asc" } }),
    db().project.findMany({ where: { organizationId }, select: { id: true, name: true }, orderBy: { id: "asc" } }),
    db().apiKey.findMany({ where: { organizationId }, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    db().auditLogEntry.count({ where: { organizationId } }),
    db().user.count(),
  ]);
  return { memberships, projects, apiKeys, auditEntries, users };
}

/** An organization with an owner, an admin, a viewer, a spare member to act on, and an API key. */
async function staffedOrganization(label: string) {
  const tenant = await createTenant(label);
  const orgId = tenant.organization.id;
  const admin = await addMemberWithRole(orgId, "admin", label);
  const viewer = await addMemberWithRole(orgId, "viewer", label);
  const spare = await addMemberWithRole(orgId, "viewer", `${label}-spare`);
  const ownerCookie = await sessionCookie(tenant.owner.id);
  const key = await call(keysRoute.POST, "POST", "/api/keys", {
    params: { orgId, projectId: tenant.project.id },
    cookie: ownerCookie,
    json: { name: "support bot ingest", scopes: ["ingest"] },
  });
  expect(key.status).toBe(201);
  return {
    tenant,
    orgId,
    projectId: tenant.project.id,
    keyId: key.body.apiKey.id as string,
    owner: { user: tenant.owner, cookie: ownerCookie, membershipId: await membershipIdOf(orgId, tenant.owner.id) },
    admin: { user: admin, cookie: await sessionCookie(admin.id), membershipId: await membershipIdOf(orgId, admin.id) },
    viewer: { user: viewer, cookie: await sessionCookie(viewer.id), membershipId: await membershipIdOf(orgId, viewer.id) },
    spare: { user: spare, membershipId: await membershipIdOf(orgId, spare.id) },
  };
}
type Org = Awaited<ReturnType<typeof staffedOrganization>>;

interface Mutation {
  name: string;
  handler: RouteHandler;
  method: "POST" | "PATCH" | "DELETE";
  params: (org: Org) => Record<string, string>;
  json?: (org: Org) => unknown;
}

// Every mutation a member of an organization can attempt, each aimed at a non-owner target.
const MUTATIONS: Mutation[] = [
  {
    name: "create project",
    handler: projectsRoute.POST,
    method: "POST",
    params: (org) => ({ orgId: org.orgId }),
    json: () => ({ name: "Billing agents" }),
  },
  {
    name: "create API key",
    handler: keysRoute.POST,
    method: "POST",
    params: (org) => ({ orgId: org.orgId, projectId: org.projectId }),
    json: () => ({ name: "nightly batch", scopes: ["scan"] }),
  },
  {
    name: "revoke API key",
    handler: keyRoute.DELETE,
    method: "DELETE",
    params: (org) => ({ orgId: org.orgId, projectId: org.projectId, keyId: org.keyId }),
  },
  {
    name: "add member",
    handler: membersRoute.POST,
    method: "POST",
    params: (org) => ({ orgId: org.orgId }),
    json: () => ({ email: "new-analyst@members.example", role: "viewer", password: "marble canyon ferry 7" }),
  },
  {
    name: "change member role",
    handler: memberRoute.PATCH,
    method: "PATCH",
    params: (org) => ({ orgId: org.orgId, membershipId: org.spare.membershipId }),
    json: () => ({ role: "admin" }),
  },
  {
    name: "remove member",
    handler: memberRoute.DELETE,
    method: "DELETE",
    params: (org) => ({ orgId: org.orgId, membershipId: org.spare.membershipId }),
  },
];

const FORBIDDEN = { error: { code: "forbidden", message: expect.any(String) } };

describe("viewer", () => {
  let org: Org;
  beforeAll(async () => {
    org = await staffedOrganization("viewers");
  });

  it("can read projects, API keys and members", async () => {
    const { cookie } = org.viewer;
    const projects = await call(projectsRoute.GET, "GET", "/p", { params: { orgId: org.orgId }, cookie });
    expect(projects.status).toBe(200);
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual([org.projectId]);

    const keys = await call(keysRoute.GET, "GET", "/k", { params: { orgId: org.orgId, projectId: org.projectId }, cookie });
    expect(keys.status).toBe(200);
    expect(keys.body.apiKeys.map((k: { id: string }) => k.id)).toEqual([org.keyId]);

    const members = await call(membersRoute.GET, "GET", "/m", { params: { orgId: org.orgId }, cookie });
    expect(members.status).toBe(200);
    expect(members.body.members).toHaveLength(4);
  });

  it.each(MUTATIONS)("is refused $name with 403 in the error shape, and nothing is written", async (mutation) => {
    const before = await organizationState(org.orgId);
    const res = await call(mutation.handler, mutation.method, "/x", {
      params: mutation.params(org),
      cookie: org.viewer.cookie,
      json: mutation.json?.(org),
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(FORBIDDEN);
    expect(await organizationState(org.orgId)).toEqual(before);
  });

  it("is refused with 403 before the body is read, so a malformed body tells a viewer nothing", async () => {
    const before = await organizationState(org.orgId);
    const res = await call(keysRoute.POST, "POST", "/k", {
      params: { orgId: org.orgId, projectId: org.projectId },
      cookie: org.viewer.cookie,
      rawBody: "{ not json",
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(FORBIDDEN);
    expect(await organizationState(org.orgId)).toEqual(before);
  });

  it("cannot promote itself", async () => {
    const res = await call(memberRoute.PATCH, "PATCH", "/m", {
      params: { orgId: org.orgId, membershipId: org.viewer.membershipId },
      cookie: org.viewer.cookie,
      json: { role: "owner" },
    });
    expect(res.status).toBe(403);
    expect(await roleOf(org.viewer.membershipId)).toBe("viewer");
  });
});

describe("admin", () => {
  it.each(MUTATIONS)("may $name", async (mutation) => {
    const org = await staffedOrganization("admins");
    const res = await call(mutation.handler, mutation.method, "/x", {
      params: mutation.params(org),
      cookie: org.admin.cookie,
      json: mutation.json?.(org),
    });
    expect(res.status).toBe(mutation.method === "POST" ? 201 : 200);
    const entries = await db().auditLogEntry.findMany({ where: { organizationId: org.orgId, actorId: org.admin.user.id } });
    expect(entries).toHaveLength(1);
  });

  describe("cannot touch the owner role", () => {
    let org: Org;
    beforeAll(async () => {
      org = await staffedOrganization("admin-vs-owner");
    });

    const OWNER_CHANGES: { name: string; handler: RouteHandler; method: "POST" | "PATCH" | "DELETE"; params: (o: Org) => Record<string, string>; json?: unknown }[] = [
      {
        name: "demote the owner",
        handler: memberRoute.PATCH,
        method: "PATCH",
        params: (o) => ({ orgId: o.orgId, membershipId: o.owner.membershipId }),
        json: { role: "admin" },
      },
      {
        name: "remove the owner",
        handler: memberRoute.DELETE,
        method: "DELETE",
        params: (o) => ({ orgId: o.orgId, membershipId: o.owner.membershipId }),
      },
      {
        name: "promote a viewer to owner",
        handler: memberRoute.PATCH,
        method: "PATCH",
        params: (o) => ({ orgId: o.orgId, membershipId: o.spare.membershipId }),
        json: { role: "owner" },
      },
      {
        name: "promote itself to owner",
        handler: memberRoute.PATCH,
        method: "PATCH",
        params: (o) => ({ orgId: o.orgId, membershipId: o.admin.membershipId }),
        json: { role: "owner" },
      },
      {
        name: "add a new member as owner",
        handler: membersRoute.POST,
        method: "POST",
        params: (o) => ({ orgId: o.orgId }),
        json: { email: "shadow-owner@members.example", role: "owner", password: "harbor lantern quartz 9" },
      },
    ];

    it.each(OWNER_CHANGES)("an admin trying to $name gets 403 and nothing changes", async (change) => {
      const before = await organizationState(org.orgId);
      const res = await call(change.handler, change.method, "/m", { params: change.params(org), cookie: org.admin.cookie, json: change.json });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
      expect(await organizationState(org.orgId)).toEqual(before);
    });

    it("an admin adding an existing account as owner gets 403 and the account does not join", async () => {
      const outsider = await createUser("outsider-owner@members.example");
      const before = await organizationState(org.orgId);
      const res = await call(membersRoute.POST, "POST", "/m", {
        params: { orgId: org.orgId },
        cookie: org.admin.cookie,
        json: { email: outsider.email, role: "owner" },
      });
      expect(res.status).toBe(403);
      expect(await organizationState(org.orgId)).toEqual(before);
      expect(await db().membership.count({ where: { organizationId: org.orgId, userId: outsider.id } })).toBe(0);
    });
  });
});

describe("owner", () => {
  it.each(MUTATIONS)("may $name", async (mutation) => {
    const org = await staffedOrganization("owners");
    const res = await call(mutation.handler, mutation.method, "/x", {
      params: mutation.params(org),
      cookie: org.owner.cookie,
      json: mutation.json?.(org),
    });
    expect(res.status).toBe(mutation.method === "POST" ? 201 : 200);
  });

  it("may grant the owner role, and then demote or remove the other owner", async () => {
    const org = await staffedOrganization("owner-grants");
    const promote = await call(memberRoute.PATCH, "PATCH", "/m", {
      params: { orgId: org.orgId, membershipId: org.admin.membershipId },
      cookie: org.owner.cookie,
      json: { role: "owner" },
    });
    expect(promote.status).toBe(200);
    expect(promote.body.member.role).toBe("owner");
    expect(await roleOf(org.admin.membershipId)).toBe("owner");

    const demote = await call(memberRoute.PATCH, "PATCH", "/m", {
      params: { orgId: org.orgId, membershipId: org.admin.membershipId },
      cookie: org.owner.cookie,
      json: { role: "viewer" },
    });
    expect(demote.status).toBe(200);
    expect(await roleOf(org.admin.membershipId)).toBe("viewer");

    await call(memberRoute.PATCH, "PATCH", "/m", {
      params: { orgId: org.orgId, membershipId: org.admin.membershipId },
      cookie: org.owner.cookie,
      json: { role: "owner" },
    });
    const remove = await call(memberRoute.DELETE, "DELETE", "/m", {
      params: { orgId: org.orgId, membershipId: org.admin.membershipId },
      cookie: org.owner.cookie,
    });
    expect(remove.status).toBe(200);
    expect(await roleOf(org.admin.membershipId)).toBeUndefined();
    const actions = await db().auditLogEntry.findMany({
      where: { organizationId: org.orgId, targetId: org.admin.membershipId },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["member.role_changed", "member.role_changed", "member.role_changed", "member.removed"]);
  });

  it("may add a new member as owner", async () => {
    const org = await staffedOrganization("owner-adds");
    const res = await call(membersRoute.POST, "POST", "/m", {
      params: { orgId: org.orgId },
      cookie: org.owner.cookie,
      json: { email: "co-founder@members.example", role: "owner", password: "saffron violin orbit 5" },
    });
    expect(res.status).toBe(201);
    expect(res.body.member.role).toBe("owner");
  });
});

describe("a role lost while a request is in flight", () => {
  it("an owner demoted while their promotion request waits for the owner lock cannot grant the owner role", async () => {
    const org = await staffedOrganization("stale-role");
    const secondOwner = await addMemberWithRole(org.orgId, "owner", "stale-role");
    const secondOwnerMembershipId = await membershipIdOf(org.orgId, secondOwner.id);
    const secondOwnerCookie = await sessionCookie(secondOwner.id);

    // Stand in for the first owner's demotion of the second, committed while the second
    // owner's request waits: hold the owner rows locked, as that demotion would.
    const holder = await pool().connect();
    let committed = false;
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM "Membership" WHERE "organizationId" = $1 AND role = 'owner' FOR UPDATE`, [org.orgId]);

      const promotion = call(memberRoute.PATCH, "PATCH", "/m", {
        params: { orgId: org.orgId, membershipId: org.spare.membershipId },
        cookie: secondOwnerCookie,
        json: { role: "owner" },
      });
      // Wait until the request is blocked on the lock, i.e. it already checked its role.
      let blocked = false;
      for (let i = 0; i < 200 && !blocked; i++) {
        const { rows } = await holder.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        blocked = rows[0].waiting > 0;
        if (!blocked) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(blocked).toBe(true);
      await holder.query(`UPDATE "Membership" SET role = 'viewer' WHERE id = $1`, [secondOwnerMembershipId]);
      await holder.query("COMMIT");
      committed = true;

      const res = await promotion;
      expect(res.status).toBe(403);
      expect(await roleOf(org.spare.membershipId)).toBe("viewer");
    } finally {
      if (!committed) await holder.query("ROLLBACK").catch(() => undefined);
      holder.release();
    }
  });
});

describe("the last owner", () => {
  it("cannot be demoted or removed (409), by themselves, and stays owner", async () => {
    const org = await staffedOrganization("last-owner");
    const before = await organizationState(org.orgId);
    for (const role of ["admin", "viewer"] as const) {
      const demote = await call(memberRoute.PATCH, "PATCH", "/m", {
        params: { orgId: org.orgId, membershipId: org.owner.membershipId },
        cookie: org.owner.cookie,
        json: { role },
      });
      expect(demote.status).toBe(409);
      expect(demote.body).toEqual({ error: { code: "conflict", message: expect.any(String) } });
    }
    const remove = await call(memberRoute.DELETE, "DELETE", "/m", {
      params: { orgId: org.orgId, membershipId: org.owner.membershipId },
      cookie: org.owner.cookie,
    });
    expect(remove.status).toBe(409);
    expect(remove.body.error.code).toBe("conflict");
    expect(await roleOf(org.owner.membershipId)).toBe("owner");
    expect(await organizationState(org.orgId)).toEqual(before);
  });

  it("survives two owners demoting each other at the same time: exactly one succeeds and one owner remains", async () => {
    for (let round = 0; round < 5; round++) {
      const tenant = await createTenant(`race-${round}`);
      const orgId = tenant.organization.id;
      const second = await addMemberWithRole(orgId, "owner", `race-${round}`);
      const first = { cookie: await sessionCookie(tenant.owner.id), membershipId: await membershipIdOf(orgId, tenant.owner.id) };
      const other = { cookie: await sessionCookie(second.id), membershipId: await membershipIdOf(orgId, second.id) };

      const [a, b] = await Promise.all([
        call(memberRoute.PATCH, "PATCH", "/m", { params: { orgId, membershipId: other.membershipId }, cookie: first.cookie, json: { role: "admin" } }),
        call(memberRoute.PATCH, "PATCH", "/m", { params: { orgId, membershipId: first.membershipId }, cookie: other.cookie, json: { role: "admin" } }),
      ]);
      // The loser's role is re-read under the lock: by then it is an admin, who may not touch owners.
      expect([a.status, b.status].sort(), `round ${round}`).toEqual([200, 403]);
      expect(await db().membership.count({ where: { organizationId: orgId, role: "owner" } })).toBe(1);
      expect(await db().auditLogEntry.count({ where: { organizationId: orgId, action: "member.role_changed" } })).toBe(1);
    }
  });

  it("survives two owners removing each other at the same time: exactly one succeeds and one owner remains", async () => {
    for (let round = 0; round < 5; round++) {
      const tenant = await createTenant(`removal-race-${round}`);
      const orgId = tenant.organization.id;
      const second = await addMemberWithRole(orgId, "owner", `removal-race-${round}`);
      const first = { cookie: await sessionCookie(tenant.owner.id), membershipId: await membershipIdOf(orgId, tenant.owner.id) };
      const other = { cookie: await sessionCookie(second.id), membershipId: await membershipIdOf(orgId, second.id) };

      const [a, b] = await Promise.all([
        call(memberRoute.DELETE, "DELETE", "/m", { params: { orgId, membershipId: other.membershipId }, cookie: first.cookie }),
        call(memberRoute.DELETE, "DELETE", "/m", { params: { orgId, membershipId: first.membershipId }, cookie: other.cookie }),
      ]);
      // The loser is no longer a member once it holds the lock.
      expect([a.status, b.status].sort(), `round ${round}`).toEqual([200, 404]);
      expect(await db().membership.count({ where: { organizationId: orgId, role: "owner" } })).toBe(1);
    }
  });
});

// Webhooks (issue 6): viewers list them and their deliveries without any secret;
// admins and owners create, change, rotate and delete them.
describe("webhooks by role", () => {
  let org: Org;
  let routes: {
    list: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route");
    one: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route");
    rotate: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/rotate-secret/route");
    deliveries: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/deliveries/route");
  };
  beforeAll(async () => {
    org = await staffedOrganization("webhook-roles");
    routes = {
      list: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/route"),
      one: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/route"),
      rotate: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/[webhookId]/rotate-secret/route"),
      deliveries: await import("@/app/api/orgs/[orgId]/projects/[projectId]/webhooks/deliveries/route"),
    };
  });
  const params = () => ({ orgId: org.orgId, projectId: org.projectId });

  it("a viewer can list webhooks and deliveries but sees no secret, and every change is refused with 403", async () => {
    const created = await call(routes.list.POST, "POST", "/w", { params: params(), cookie: org.owner.cookie, json: { url: "https://soc.example.com/warden/T0K3N" } });
    expect(created.status).toBe(201);
    const hook = { ...params(), webhookId: created.body.webhook.id };
    const { cookie } = org.viewer;
    const list = await call(routes.list.GET, "GET", "/w", { params: params(), cookie });
    expect(list.status).toBe(200);
    expect(list.body.webhooks).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret.slice(12));
    expect(JSON.stringify(list.body)).not.toContain("T0K3N");
    expect((await call(routes.deliveries.GET, "GET", "/d", { params: params(), cookie })).status).toBe(200);

    const before = await organizationState(org.orgId);
    const attempts = [
      await call(routes.list.POST, "POST", "/w", { params: params(), cookie, json: { url: "https://viewer.example.com/in" } }),
      await call(routes.one.PATCH, "PATCH", "/w", { params: hook, cookie, json: { enabled: false } }),
      await call(routes.rotate.POST, "POST", "/w", { params: hook, cookie }),
      await call(routes.one.DELETE, "DELETE", "/w", { params: hook, cookie }),
    ];
    for (const res of attempts) expect(res.body).toEqual(FORBIDDEN);
    expect(await organizationState(org.orgId)).toEqual(before);
    expect(await db().webhook.findUniqueOrThrow({ where: { id: hook.webhookId }, select: { enabled: true, secret: true } })).toEqual({
      enabled: true,
      secret: created.body.secret,
    });
  });

  it.each(["admin", "owner"] as const)("an %s creates, changes, rotates and deletes a webhook", async (role) => {
    const { cookie } = org[role];
    const created = await call(routes.list.POST, "POST", "/w", { params: params(), cookie, json: { url: `https://${role}.example.com/in` } });
    expect(created.status).toBe(201);
    const hook = { ...params(), webhookId: created.body.webhook.id };
    expect((await call(routes.one.PATCH, "PATCH", "/w", { params: hook, cookie, json: { enabled: false } })).status).toBe(200);
    const rotated = await call(routes.rotate.POST, "POST", "/w", { params: hook, cookie });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await call(routes.one.DELETE, "DELETE", "/w", { params: hook, cookie })).status).toBe(200);
    const actions = await db().auditLogEntry.findMany({ where: { targetId: hook.webhookId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true } });
    expect(actions).toEqual(
      ["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted"].map((action) => ({ action, actorId: org[role].user.id })),
    );
  });
});

describe("alert rules and alerts by role", () => {
  let org: Org;
  let routes: {
    rules: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route");
    rule: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route");
    backtest: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route");
    alerts: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/route");
    alert: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/route");
    acknowledge: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route");
    resolve: typeof import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/resolve/route");
  };
  let alertId: string;
  let ruleId: string;
  const rule = { name: "Oversized tool output", type: "message_size", params: { maxChars: 10 }, severity: "low" };
  beforeAll(async () => {
    org = await staffedOrganization("alert-roles");
    routes = {
      rules: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/route"),
      rule: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/[ruleId]/route"),
      backtest: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alert-rules/backtest/route"),
      alerts: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/route"),
      alert: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/route"),
      acknowledge: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/acknowledge/route"),
      resolve: await import("@/app/api/orgs/[orgId]/projects/[projectId]/alerts/[alertId]/resolve/route"),
    };
    const { ingestConversation } = await import("@/lib/ingest/conversations");
    const created = await call(routes.rules.POST, "POST", "/r", { params: params(), cookie: org.owner.cookie, json: rule });
    expect(created.status).toBe(201);
    ruleId = created.body.rule.id;
    await ingestConversation(
      { organizationId: org.orgId, projectId: org.projectId },
      { conversation_id: "roles-run", format: "warden", transcript: { messages: [{ sender: "executor", content: "exitcode: 0 (execution succeeded)" }] }, scan: false },
    );
    alertId = (await db().alert.findFirstOrThrow({ where: { projectId: org.projectId }, select: { id: true } })).id;
  });
  const params = () => ({ orgId: org.orgId, projectId: org.projectId });

  it("a viewer reads rules and alerts and may backtest, but every change is 403 and writes nothing", async () => {
    const { cookie } = org.viewer;
    expect((await call(routes.rules.GET, "GET", "/r", { params: params(), cookie })).status).toBe(200);
    expect((await call(routes.alerts.GET, "GET", "/a", { params: params(), cookie })).body.alerts).toHaveLength(1);
    expect((await call(routes.alert.GET, "GET", "/a", { params: { ...params(), alertId }, cookie })).status).toBe(200);
    expect((await call(routes.backtest.POST, "POST", "/b", { params: params(), cookie, json: rule })).status).toBe(200);
    const before = { ...(await organizationState(org.orgId)), rules: await db().alertRule.findMany({ where: { projectId: org.projectId }, orderBy: { id: "asc" } }), alerts: await db().alert.findMany({ where: { projectId: org.projectId } }) };
    const attempts = [
      await call(routes.rules.POST, "POST", "/r", { params: params(), cookie, json: rule }),
      await call(routes.rule.PATCH, "PATCH", "/r", { params: { ...params(), ruleId }, cookie, json: { enabled: false } }),
      await call(routes.rule.DELETE, "DELETE", "/r", { params: { ...params(), ruleId }, cookie }),
      await call(routes.acknowledge.POST, "POST", "/a", { params: { ...params(), alertId }, cookie, json: { note: "seen" } }),
      await call(routes.resolve.POST, "POST", "/a", { params: { ...params(), alertId }, cookie, json: { note: "done" } }),
    ];
    for (const res of attempts) expect(res.body).toEqual(FORBIDDEN);
    const after = { ...(await organizationState(org.orgId)), rules: await db().alertRule.findMany({ where: { projectId: org.projectId }, orderBy: { id: "asc" } }), alerts: await db().alert.findMany({ where: { projectId: org.projectId } }) };
    expect(after).toEqual(before);
  });

  it("an admin acknowledges and an owner resolves; both change rules", async () => {
    expect((await call(routes.acknowledge.POST, "POST", "/a", { params: { ...params(), alertId }, cookie: org.admin.cookie, json: { note: "on it" } })).status).toBe(200);
    expect((await call(routes.resolve.POST, "POST", "/a", { params: { ...params(), alertId }, cookie: org.owner.cookie, json: { note: "fixed" } })).status).toBe(200);
    expect((await call(routes.rule.PATCH, "PATCH", "/r", { params: { ...params(), ruleId }, cookie: org.admin.cookie, json: { severity: "high" } })).status).toBe(200);
    expect((await call(routes.rule.DELETE, "DELETE", "/r", { params: { ...params(), ruleId }, cookie: org.owner.cookie })).status).toBe(200);
    const actions = await db().auditLogEntry.findMany({ where: { targetId: { in: [alertId, ruleId] } }, orderBy: { seq: "asc" }, select: { action: true, actorId: true } });
    expect(actions).toEqual([
      { action: "alert_rule.created", actorId: org.owner.user.id },
      { action: "alert.acknowledged", actorId: org.admin.user.id },
      { action: "alert.resolved", actorId: org.owner.user.id },
      { action: "alert_rule.updated", actorId: org.admin.user.id },
      { action: "alert_rule.deleted", actorId: org.owner.user.id },
    ]);
  });
});
