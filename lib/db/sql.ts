// A minimal "run this SQL" interface over either a Prisma transaction or a plain pg
// connection. The ingest hot path runs on a pg connection from the same pool as
// Prisma: an interactive Prisma transaction costs several milliseconds per statement
// here, which capped event ingest at a fraction of what PostgreSQL takes.
import "server-only";
import type pg from "pg";
import { pool } from "./client";
import type { Prisma } from "./generated/client";

export interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export function prismaSql(tx: Prisma.TransactionClient): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

function pgSql(client: pg.PoolClient): Sql {
  return { query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[] };
}

/** PostgreSQL's deadlock_detected: it aborted this transaction to let a concurrent one go on. */
const DEADLOCK_DETECTED = "40P01";

/**
 * Runs `work` in a transaction on one pooled connection; rolls back on any error. With
 * `retryDeadlocks`, a transaction PostgreSQL aborted as a deadlock victim is run again (a
 * few times): only for work that may safely run twice because nothing of it was kept.
 */
export async function withTransaction<T>(work: (sql: Sql) => Promise<T>, options: { retryDeadlocks?: boolean } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTransaction(work);
    } catch (error) {
      const deadlock = (error as { code?: unknown })?.code === DEADLOCK_DETECTED;
      if (!options.retryDeadlocks || !deadlock || attempt >= 3) throw error;
    }
  }
}

async function runTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(pgSql(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
