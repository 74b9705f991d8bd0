import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "@/tests/test-database";
import { checksumOf, DEFAULT_MIGRATIONS_DIR, migrateDatabase, MigrationError, readMigrations } from "./migrate";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function scratch() {
  const database = await createScratchDatabase("warden_mig");
  cleanups.push(database.drop);
  return database.url;
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-migrations-"));
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner", () => {
  it("applies every migration in name order and records it as prisma migrate deploy does", async () => {
    const url = await scratch();
    const dir = copyOfMigrations();
    addMigration(dir, "29990101000000_later", `CREATE TABLE "LaterThing" ("id" TEXT PRIMARY KEY);`);
    addMigration(dir, "29980101000000_earlier", `CREATE TABLE "EarlierThing" ("id" TEXT PRIMARY KEY);`);
    const result = await migrateDatabase(url, { dir });
    const names = readMigrations(dir).map((m) => m.name);
    expect(result.applied).toEqual(names);
    expect(names.at(-2)).toBe("29980101000000_earlier");

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null; logs: string | null }>(
      url,
      `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(path.join(dir, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(checksumOf(sql));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("keeps Prisma's _prisma_migrations columns and types", async () => {
    const url = await scratch();
    await migrateDatabase(url);
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO" },
      { column_name: "logs", data_type: "text", is_nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO" },
    ]);
  });

  it("is a no-op when run again", async () => {
    const url = await scratch();
    await migrateDatabase(url);
    const before = await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const again = await migrateDatabase(url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(readMigrations().map((m) => m.name));
    expect(await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).toEqual(before);
  });

  it("applies only the new migration on a database migrated before", async () => {
    const url = await scratch();
    const dir = copyOfMigrations();
    await migrateDatabase(url, { dir });
    addMigration(dir, "29990101000000_add_note", `ALTER TABLE "Project" ADD COLUMN "note" TEXT;`);
    const result = await migrateDatabase(url, { dir });
    expect(result.applied).toEqual(["29990101000000_add_note"]);
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const url = await scratch();
    const dir = copyOfMigrations();
    await migrateDatabase(url, { dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- an innocent-looking edit\n`);
    const attempt = migrateDatabase(url, { dir });
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(migrateDatabase(url, { dir })).rejects.toThrow(new RegExp(`${first.name} was edited after it was applied`));
  });

  it("leaves neither changes nor a record behind when a migration fails, and retries it next time", async () => {
    const url = await scratch();
    const dir = copyOfMigrations();
    addMigration(dir, "29990101000000_broken", `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nSELECT * FROM "NoSuchTable";`);
    await expect(migrateDatabase(url, { dir })).rejects.toThrow(/29990101000000_broken failed/);
    expect(await query(url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    expect(await query(url, `SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '%broken'`)).toEqual([]);

    writeFileSync(path.join(dir, "29990101000000_broken", "migration.sql"), `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);`);
    expect((await migrateDatabase(url, { dir })).applied).toEqual(["29990101000000_broken"]);
  });

  it("lets concurrent runners apply each migration exactly once", async () => {
    const url = await scratch();
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(readMigrations().map((m) => m.name));
    const rows = await query<{ count: string }>(url, `SELECT count(*) FROM "_prisma_migrations"`);
    expect(Number(rows[0]?.count)).toBe(readMigrations().length);
  });
});

