// A minimal "run this SQL" interface over either a Prisma transaction or a plain pg
// connection. The ingest hot path runs on a pg connection from the same pool as
// Prisma: an interactive Prisma transaction costs several milliseconds per statement
// here, which capped event ingest at a fraction of what PostgreSQL takes.
import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import { log } from "@/lib/log";
import { pool } from "./client";
import type { Prisma } from "./generated/client";

export interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/**
 * One writer's statement as the CTE `name` of another writer's statement, a round trip fewer:
 * that statement's $1 and $2 are the organization and project ids, the step's values from $first.
 */
export interface SqlStep {
  name: string;
  cte(first: number): string;
  values: unknown[];
}

export function prismaSql(tx: Prisma.TransactionClient): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

// Names of the statements prepared so far; past the bound, texts run unprepared, so that
// statements built at run time (none today) could never grow every connection's cache.
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 200;

/**
 * A query that PostgreSQL parses and plans once per connection and then only executes:
 * the ingest path runs the same dozen statements for every batch, and parsing and planning
 * them again each time was a measurable share of its database CPU. The text must be fixed
 * (values only as parameters); the name is derived from it.
 */
export function preparedQuery(text: string, values: unknown[] = []): pg.QueryConfig {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `w_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name ? { name, text, values } : { text, values };
}

function pgSql(client: pg.PoolClient): Sql {
  return { query: async <T>(text: string, params: unknown[] = []) => (await client.query(preparedQuery(text, params))).rows as T[] };
}

/** PostgreSQL's deadlock_detected: it aborted this transaction to let a concurrent one go on. */
const DEADLOCK_DETECTED = "40P01";
export const DEADLOCK_RETRIED = "deadlock: transaction run again";

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
      // Each one cost the victim PostgreSQL's deadlock_timeout (1 s by default): worth seeing.
      log.warn({ attempt, detail: (error as { detail?: unknown }).detail }, DEADLOCK_RETRIED);
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
