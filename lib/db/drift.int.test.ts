import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "@/tests/test-database";
import { findSchemaDrift } from "./drift";
import { DEFAULT_MIGRATIONS_DIR, migrateDatabase, readMigrations } from "./migrate";

const SCHEMA = path.join(process.cwd(), "prisma", "schema.prisma");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Migrates a fresh database with the migrations, optionally rewritten, and returns the drift. */
async function driftAfter(rewrite?: (sql: string) => string, schema = SCHEMA): Promise<string[]> {
  const database = await createScratchDatabase("warden_drift");
  cleanups.push(database.drop);
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-drift-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  if (rewrite) {
    const first = readMigrations(dir)[0]!;
    const file = path.join(dir, first.name, "migration.sql");
    const changed = rewrite(readFileSync(file, "utf8"));
    expect(changed, "the test's rewrite must change the migration").not.toBe(first.sql);
    writeFileSync(file, changed);
  }
  await migrateDatabase(database.url, { dir });
  return findSchemaDrift(database.url, schema);
}

describe("migrations match prisma/schema.prisma", () => {
  it("the migrated database has every model, field, type, nullability, unique, index and foreign key of the schema", async () => {
    expect(await driftAfter()).toEqual([]);
  });
});

// A test of the test: each deliberate mistake in a copy of the migrations must be caught.
describe("the drift check catches a broken migration", () => {
  it("a forgotten column", async () => {
    const drift = await driftAfter((sql) => sql.replace(`    "lastUsedAt" TIMESTAMP(3),\n`, ""));
    expect(drift).toContain("column ApiKey.lastUsedAt (field ApiKey.lastUsedAt) is missing");
  });

  it("a wrong type", async () => {
    const drift = await driftAfter((sql) => sql.replace(`"monthlyEventQuota" INTEGER`, `"monthlyEventQuota" BIGINT`));
    expect(drift).toContain("column Organization.monthlyEventQuota is bigint but the schema says integer");
  });

  it("a wrong nullability", async () => {
    const drift = await driftAfter((sql) => sql.replace(`"name" TEXT NOT NULL,\n    "passwordHash"`, `"name" TEXT,\n    "passwordHash"`));
    expect(drift).toContain("column User.name is nullable but the schema says required");
  });

  it("a missing unique index", async () => {
    const drift = await driftAfter((sql) => sql.replace(/-- CreateIndex\nCREATE UNIQUE INDEX "ApiKey_keyHash_key"[^\n]*\n/, ""));
    expect(drift).toContain("unique index ApiKey_keyHash_key on ApiKey(keyHash) is missing");
  });

  it("a unique index that should be plain, and a missing index", async () => {
    const drift = await driftAfter((sql) =>
      sql
        .replace(`CREATE INDEX "Membership_userId_idx"`, `CREATE UNIQUE INDEX "Membership_userId_idx"`)
        .replace(/CREATE INDEX "AuditLogEntry_organizationId_createdAt_idx"[^\n]*\n/, ""),
    );
    expect(drift).toContain("index Membership_userId_idx on Membership(userId): uniqueness mismatch");
    expect(drift).toContain("index AuditLogEntry_organizationId_createdAt_idx on AuditLogEntry(organizationId, createdAt) is missing");
  });

  it("a missing enum value and a wrong delete rule", async () => {
    const drift = await driftAfter((sql) =>
      sql
        .replace(`('scan', 'ingest', 'read')`, `('scan', 'ingest')`)
        .replace(`"ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL`, `"ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE`),
    );
    expect(drift).toContain("enum ApiKeyScope has values [scan,ingest] but the schema says [scan,ingest,read]");
    expect(drift).toContain("foreign key ApiKey(createdById)->User(id) deletes with Cascade but the schema says SetNull");
  });

  it("a model the migrations never created", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-schema-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const schema = path.join(dir, "schema.prisma");
    writeFileSync(schema, `${readFileSync(SCHEMA, "utf8")}\nmodel Forgotten {\n  id String @id\n}\n`);
    const drift = await driftAfter(undefined, schema);
    expect(drift).toContain("table Forgotten (model Forgotten) is missing");
  });
});
