// One fresh, migrated database per test file, so files cannot see each other's rows.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/databases";
import { migrateDatabase } from "@/lib/db/migrate";

export function serverUrl(): string {
  return inject("testDatabaseServerUrl");
}

export async function createScratchDatabase(prefix = "warden_t"): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const url = await createDatabaseIfMissing(serverUrl(), name);
  return { url, name, drop: () => dropDatabase(serverUrl(), name) };
}

/**
 * Points the app's database client at a fresh migrated database for this file.
 * Call at the top of a test file, before anything uses the client.
 */
export function useMigratedDatabase(): void {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    await migrateDatabase(scratch.url);
    process.env.DATABASE_URL = scratch.url;
    process.env.NEXTAUTH_SECRET = inject("testSessionSecret");
  });
  afterAll(async () => {
    const { pool } = await import("@/lib/db/client");
    await pool().end().catch(() => undefined);
    await drop?.();
  });
}
