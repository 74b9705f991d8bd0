import { afterAll, describe, expect, it } from "vitest";
import { call, createTenantWithKey } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

// Every API route, every method, with hostile path segments, query strings and bodies: none
// may answer 5xx or throw. (A lone surrogate in a new organization's name was a 500 here: its
// audit entry's JSON was refused by PostgreSQL.) A route added later is covered as it lands.
const routes = import.meta.glob("/app/api/**/route.ts");

const previousRateLimit = process.env.WARDEN_API_RATE_LIMIT;
// Thousands of requests with one key in a few seconds: the per-key limit would answer them all 429.
process.env.WARDEN_API_RATE_LIMIT = "1000000";
afterAll(() => {
  if (previousRateLimit === undefined) delete process.env.WARDEN_API_RATE_LIMIT;
  else process.env.WARDEN_API_RATE_LIMIT = previousRateLimit;
});

useMigratedDatabase();

const SEGMENTS = ["nonexistent", "%", "a".repeat(500), "../x", "\ud800", "\u0000"];
const QUERIES = ["limit=-1", "limit=1e999", "cursor=%ff", "cursor=AAAA", "from=notadate&to=x", "from=2026-01-01&to=2025-01-01", "agent_id=%00", "verdict=x", "q=%ED%A0%80"];
const VALUES: unknown[] = [null, [], "x", 1e308, -1, true, "\ud800", "a\u0000b", "a".repeat(300_000), {}, { $gt: "" }];
const KEYS = ["name", "email", "role", "scopes", "text", "direction", "context", "enabled", "params", "type", "url", "events", "transcript", "conversation_id", "agent_id", "expiresAt", "retentionDays", "policy", "textStorage", "from", "to", "limit", "description", "status"];

describe("hostile input on every API route", () => {
  it("is never answered with 5xx", async () => {
    const t = await createTenantWithKey("hostile");
    const failures: string[] = [];
    let requests = 0;
    for (const [file, load] of Object.entries(routes)) {
      if (file.includes("[...nextauth]")) continue; // next-auth's own handler, with its own error pages
      const module = (await load()) as Record<string, unknown>;
      const names = [...file.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]!);
      const base = Object.fromEntries(names.map((name) => [name, name === "orgId" ? t.organization.id : name === "projectId" ? t.project.id : "nonexistent"]));
      const auth = file.includes("/api/v1/") ? { bearer: t.secret } : { cookie: t.cookie };
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const handler = module[method] as Parameters<typeof call>[0] | undefined;
        if (!handler) continue;
        const attempts: { params: Record<string, string>; path: string; body?: string }[] = [
          ...names.flatMap((name) => SEGMENTS.map((value) => ({ params: { ...base, [name]: value }, path: "/x" }))),
          ...QUERIES.map((query) => ({ params: base, path: `/x?${query}` })),
        ];
        if (method !== "GET" && method !== "DELETE") {
          attempts.push(...VALUES.map((value) => ({ params: base, path: "/x", body: JSON.stringify(value) })));
          attempts.push(...KEYS.flatMap((key) => VALUES.map((value) => ({ params: base, path: "/x", body: JSON.stringify({ [key]: value }) }))));
        }
        for (const attempt of attempts) {
          requests++;
          const label = `${method} ${file} ${JSON.stringify(attempt.params)} ${attempt.path} ${(attempt.body ?? "").slice(0, 60)}`;
          try {
            const res = await call(handler, method, attempt.path, {
              ...auth,
              params: attempt.params,
              ...(attempt.body !== undefined ? { rawBody: attempt.body } : {}),
              headers: { origin: "http://localhost:3000" },
            });
            if (res.status >= 500) failures.push(`${res.status} ${label}`);
          } catch (error) {
            failures.push(`threw ${String(error).slice(0, 80)}: ${label}`);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(3_000);
    expect(failures).toEqual([]);
  }, 300_000);
});
