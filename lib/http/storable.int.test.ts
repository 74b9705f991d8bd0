import { describe, expect, it } from "vitest";
import * as conversationRoute from "@/app/api/v1/conversations/[conversationId]/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import { db, pool } from "@/lib/db/client";
import { call, createTenantWithKey } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { errorResponse } from "./errors";

useMigratedDatabase();

describe("characters PostgreSQL cannot store, outside JSON bodies", () => {
  it("a NUL in a path segment or a query string is looked up as U+FFFD, never a 500", async () => {
    const t = await createTenantWithKey("nul-urls");
    const one = await call(conversationRoute.GET, "GET", "/c", { bearer: t.secret, params: { conversationId: "a\u0000b" } });
    expect(one.status).toBe(404);
    const list = await call(eventsRoute.GET, "GET", "/api/v1/events?agent_id=a%00b&conversation_id=%00", { bearer: t.secret });
    expect(list.status).toBe(200);
    expect(list.body.events).toEqual([]);
  });

  it("are a 400 when they still reach PostgreSQL, through pg and through Prisma", async () => {
    for (const refused of [
      await pool().query("SELECT $1::text", ["a\u0000b"]).catch((error: unknown) => error),
      await pool().query("SELECT $1::jsonb", ['{"k": "\\u0000"}']).catch((error: unknown) => error),
      await db().agent.findFirst({ where: { name: "a\u0000b" } }).catch((error: unknown) => error),
      await pool().query("SELECT $1::jsonb", [JSON.stringify({ k: "\ud800" })]).catch((error: unknown) => error),
      await db().auditLogEntry.findFirst({ where: { metadata: { equals: { k: "\ud800" } } } }).catch((error: unknown) => error),
    ]) {
      const response = errorResponse(refused);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain("cannot be stored");
    }
  });
});
