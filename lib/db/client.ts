// The one Prisma client of the app, over one pg pool that the rate limiter shares.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseUrl } from "@/lib/env";
import { PrismaClient } from "./generated/client";

function createPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 20, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on("error", () => undefined);
  return pool;
}

function createClient(pool: pg.Pool) {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    // Secret columns are invisible unless a query selects them explicitly.
    omit: { user: { passwordHash: true }, apiKey: { keyHash: true } },
  });
}

type Db = ReturnType<typeof createClient>;

// Next.js re-evaluates modules in development; keep one pool per process.
const globalForDb = globalThis as unknown as { wardenPool?: pg.Pool; wardenDb?: Db };

export function pool(): pg.Pool {
  globalForDb.wardenPool ??= createPool();
  return globalForDb.wardenPool;
}

export function db(): Db {
  globalForDb.wardenDb ??= createClient(pool());
  return globalForDb.wardenDb;
}

export type { Db };
