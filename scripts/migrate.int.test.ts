// `npm run migrate` as a user runs it: a process of its own, against the database of DATABASE_URL.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/tests/test-database";

function migrate(databaseUrl: string) {
  return spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run migrate", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase("warden_migrate_cli");
  });
  afterAll(async () => {
    await scratch.drop();
  });

  it("applies every migration once, records it, and is a no-op the second time", async () => {
    const total = readMigrations().length;
    const first = migrate(scratch.url);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`(${total} migration(s) applied now, 0 before)`);

    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`);
      expect(Number(rows[0]!.n)).toBe(total);
    } finally {
      await client.end();
    }

    const second = migrate(scratch.url);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`(0 migration(s) applied now, ${total} before)`);
  });

  it("exits 1 with the reason when the database cannot be reached", () => {
    const run = migrate("postgresql://postgres@127.0.0.1:1/nowhere");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ECONNREFUSED/);
  });
});
