import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { DEMO_ORG, seedDemo } from "./seed";

useMigratedDatabase();

describe("demo data", () => {
  it("is loaded through the ingest path: conversations, messages, linked scan events and the incidents", async () => {
    const owner = await createUser("owner@demo.example");
    const result = await seedDemo(owner.id);
    const org = await db().organization.findFirstOrThrow({ where: { name: DEMO_ORG }, include: { memberships: true } });
    expect(org.memberships).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);
    expect(await db().message.count({ where: { organizationId: org.id } })).toBe(result.messages);
    expect(result.messages).toBeGreaterThan(4_000);
    // Every message was scanned and its event linked to it.
    expect(await db().scanEvent.count({ where: { organizationId: org.id, messageId: { not: null } } })).toBe(result.messages);

    const incident = await db().conversation.findFirstOrThrow({ where: { organizationId: org.id, externalId: "demo-incident-web-injection" } });
    expect(incident.blockedCount).toBeGreaterThanOrEqual(1);
    const blockedShell = await db().scanEvent.findFirst({
      where: { organizationId: org.id, verdict: "blocked", categories: { has: "code_execution" }, message: { conversationId: incident.id, sender: "coder" } },
    });
    expect(blockedShell).not.toBeNull();
    const leak = await db().scanEvent.findFirst({ where: { organizationId: org.id, categories: { has: "secrets" }, conversationRef: "demo-incident-secret-leak" } });
    expect(leak).not.toBeNull();
    // Masked storage: the leaked key never reaches the events table.
    expect(leak!.text).toContain("[REDACTED:");
    expect(await db().agent.count({ where: { organizationId: org.id } })).toBe(6);
  });
});
