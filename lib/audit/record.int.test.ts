// The audit chain in a real database: concurrent writers serialise per organization, entries
// written before the chain existed are linked, and tampering with rows is found.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { createTenant } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { verifyAuditChain } from "./chain";
import { chainPendingAuditEntries, verifyOrganizationAuditChain } from "./read";
import { recordAudit, type Actor } from "./record";

useMigratedDatabase();

const alice: Actor = { type: "user", id: "user-alice", label: "alice@acme.example" };

async function chainOf(organizationId: string) {
  return db().auditLogEntry.findMany({ where: { organizationId }, orderBy: { seq: "asc" } });
}

describe("recordAudit", () => {
  it("keeps one unbroken chain when 8 transactions write at once, through Prisma and plain pg", async () => {
    const { organization, project } = await createTenant("concurrent");
    const before = (await chainOf(organization.id)).length;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const entry = {
          organizationId: organization.id,
          projectId: project.id,
          actor: alice,
          action: "api_key.created",
          targetType: "api_key",
          targetId: `key-${i}`,
          metadata: { name: `worker ${i}`, scopes: ["ingest"] },
          sourceIp: "203.0.113.9",
        };
        // Each transaction holds its lock a moment longer than the insert, as a real change would.
        return i % 2
          ? db().$transaction(async (tx) => {
              await recordAudit(tx, entry);
              await tx.$queryRawUnsafe("SELECT 1 AS slept FROM pg_sleep(0.02)");
            })
          : withTransaction(async (sql) => {
              await recordAudit(sql, entry);
              await sql.query("SELECT 1 AS slept FROM pg_sleep(0.02)");
            });
      }),
    );
    const entries = await chainOf(organization.id);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: before + 8 }, (_, i) => i + 1));
    expect(new Set(entries.slice(before).map((e) => e.targetId))).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `key-${i}`)));
    expect(verifyAuditChain(entries)).toMatchObject({ ok: true, count: before + 8 });
    expect(await verifyOrganizationAuditChain(organization.id)).toMatchObject({ ok: true, count: before + 8, last_seq: before + 8 });
  });

  it("chains each organization separately", async () => {
    const a = await createTenant("chain-a");
    const b = await createTenant("chain-b");
    await db().$transaction((tx) => recordAudit(tx, { organizationId: a.organization.id, actor: alice, action: "member.added", targetType: "membership" }));
    const [firstOfA] = await chainOf(a.organization.id);
    const [firstOfB] = await chainOf(b.organization.id);
    expect(firstOfA).toMatchObject({ seq: 1, prevHash: null });
    expect(firstOfB).toMatchObject({ seq: 1, prevHash: null });
    expect((await chainOf(a.organization.id)).length).toBe((await chainOf(b.organization.id)).length + 1);
  });

  it("hashes metadata as jsonb gives it back: Unicode, nesting, dates and dropped undefined members", async () => {
    const { organization } = await createTenant("metadata");
    await db().$transaction((tx) =>
      recordAudit(tx, {
        organizationId: organization.id,
        actor: { type: "api_key", id: "key-1", label: "Zoë’s export key" },
        action: "export.created",
        targetType: "export",
        metadata: { rows: 1_000_000, ratio: 0.1, filters: { verdict: "blocked", agent: "café".normalize("NFD") }, skipped: undefined, empty: [] },
      }),
    );
    expect(await verifyOrganizationAuditChain(organization.id)).toMatchObject({ ok: true });
  });

  it("links entries written before the chain existed, oldest first, then continues the chain", async () => {
    const { organization } = await createTenant("legacy");
    const chained = (await chainOf(organization.id)).length;
    for (const [i, at] of ["2026-01-02T10:00:00.000Z", "2026-01-01T10:00:00.000Z"].entries()) {
      await db().auditLogEntry.create({
        data: { organizationId: organization.id, actorType: "system", actorLabel: "system", action: `legacy.${i}`, targetType: "organization", createdAt: new Date(at) },
      });
    }
    await chainPendingAuditEntries(organization.id);
    await db().$transaction((tx) => recordAudit(tx, { organizationId: organization.id, actor: alice, action: "member.added", targetType: "membership" }));
    const entries = await chainOf(organization.id);
    expect(entries.slice(chained).map((e) => [e.seq, e.action])).toEqual([
      [chained + 1, "legacy.1"],
      [chained + 2, "legacy.0"],
      [chained + 3, "member.added"],
    ]);
    expect(await verifyOrganizationAuditChain(organization.id)).toMatchObject({ ok: true, count: chained + 3 });
  });

  it("finds a deleted row and an edited row in the database at their seq", async () => {
    const { organization } = await createTenant("tamper");
    for (let i = 0; i < 5; i++) {
      await db().$transaction((tx) =>
        recordAudit(tx, { organizationId: organization.id, actor: alice, action: "alert_rule.updated", targetType: "alert_rule", targetId: `rule-${i}` }),
      );
    }
    const entries = await chainOf(organization.id);
    const victim = entries[entries.length - 3]!;
    await db().auditLogEntry.update({ where: { id: victim.id }, data: { actorLabel: "someone-else@acme.example" } });
    expect(await verifyOrganizationAuditChain(organization.id)).toMatchObject({ ok: false, broken_at_seq: victim.seq, reason: "altered" });
    await db().auditLogEntry.delete({ where: { id: victim.id } });
    expect(await verifyOrganizationAuditChain(organization.id)).toMatchObject({ ok: false, broken_at_seq: victim.seq, reason: "missing" });
  });
});
