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
  /**
   * The transaction's last statement. In withTransaction, COMMIT is written with it and answered
   * in the same round trip, so the rows it locks are free as soon as it has run, not once the
   * app has read its answer and sent COMMIT; no statement may follow it. Elsewhere (a Prisma
   * transaction commits when its callback returns) it is a plain query.
   */
  finalQuery<T>(text: string, params?: unknown[]): Promise<T[]>;
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

export function prismaSql(tx: Pick<Prisma.TransactionClient, "$queryRawUnsafe">): Sql {
  const query = <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params);
  return { query, finalQuery: query };
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

/**
 * Raised by the database function warden_run_again: a final statement (finalQuery) found that
 * something must follow it after all. Nothing was committed; the writer runs its transaction
 * again, committing on its own.
 */
const RUN_AGAIN = "WR001";

export const mustRunAgain = (error: unknown): boolean => (error as { code?: unknown })?.code === RUN_AGAIN;

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

// A pooled client in pg's pipeline mode writes each query without waiting for the answer to
// the one before; the answers still come back in order, one per query. runTransaction turns it
// on for its own statements only: BEGIN goes out with the first statement and COMMIT with the
// last (finalQuery), each pair in one write. On this 2-core machine every separate write wakes
// PostgreSQL, and the writer runs again only ~0.5 ms later. Two writes fewer per event batch,
// and its locked rows freed one round trip sooner: with the look-back's single statement
// (warden_blocked_lookback), batches of 100 went from 0.41-0.45 to 0.45-0.52 of raw inserts.
interface PipelineClient {
  pipeline: boolean;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

async function runTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const raw = client as unknown as PipelineClient;
  const stream = raw.connection?.stream;
  // Holds what is written until release(): the next statement joins it in one write.
  let held = false;
  const hold = () => {
    if (!held && stream?.cork && stream.uncork) {
      stream.cork();
      held = true;
    }
  };
  const release = () => {
    if (held) stream?.uncork?.();
    held = false;
  };
  const tx: { state: "open" | "final" | "committed" } = { state: "open" };
  const write = (text: string, params: unknown[]) => {
    if (tx.state !== "open") throw new Error("no statement may follow a transaction's final statement");
    return client.query(preparedQuery(text, params));
  };
  raw.pipeline = true;
  try {
    hold();
    // BEGIN cannot fail on a healthy idle connection; on a broken one every statement fails.
    void client.query("BEGIN").catch(() => undefined);
    const result = await work({
      query: async <T>(text: string, params: unknown[] = []) => {
        const answer = write(text, params);
        release();
        return (await answer).rows as T[];
      },
      finalQuery: async <T>(text: string, params: unknown[] = []) => {
        hold();
        const answer = write(text, params);
        tx.state = "final";
        const commit = client.query("COMMIT");
        release();
        commit.catch(() => undefined);
        const rows = (await answer).rows as T[];
        // After an error PostgreSQL answers COMMIT with ROLLBACK: never acknowledge that.
        if ((await commit).command !== "COMMIT") throw new Error("the transaction was not committed");
        tx.state = "committed";
        return rows;
      },
    });
    release();
    if (tx.state !== "committed") await client.query("COMMIT");
    return result;
  } catch (error) {
    release();
    // Written behind anything still unanswered, so once it is answered nothing is pending.
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    raw.pipeline = false;
    client.release();
  }
}
