// withTransaction writes BEGIN with the first statement and COMMIT with the final one (pg's
// pipeline mode): what it acknowledges must be exactly what was committed, and a failure at
// any point must leave nothing behind.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/sql";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

const TABLE = "tx_pipeline_probe";
beforeAll(async () => {
  await pool().query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id text PRIMARY KEY, n int NOT NULL)`);
});
const rowsOf = async (id: string) => (await pool().query(`SELECT n FROM ${TABLE} WHERE id = $1 ORDER BY n`, [id])).rows.map((r) => r.n as number);
const insert = (id: string, n: number): [string, unknown[]] => [`INSERT INTO ${TABLE} (id, n) VALUES ($1, $2) RETURNING n`, [id, n]];

describe("withTransaction", () => {
  it("commits with the final statement and answers its rows", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const answer = await withTransaction(async (sql) => {
      await sql.query(...insert(a, 1));
      return sql.finalQuery<{ n: number }>(...insert(b, 2));
    });
    expect(answer).toEqual([{ n: 2 }]);
    expect([await rowsOf(a), await rowsOf(b)]).toEqual([[1], [2]]);
  });

  it("keeps nothing when the final statement fails", async () => {
    const a = randomUUID();
    await expect(
      withTransaction(async (sql) => {
        await sql.query(...insert(a, 1));
        return sql.finalQuery(`SELECT 1 / ($1::int - 1)`, [1]);
      }),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await rowsOf(a)).toEqual([]);
  });

  it("keeps nothing when a statement fails before the final one, or the work throws", async () => {
    const a = randomUUID();
    await expect(
      withTransaction(async (sql) => {
        await sql.query(...insert(a, 1));
        await sql.query(...insert(a, 2)); // duplicate key
        return sql.finalQuery(...insert(randomUUID(), 3));
      }),
    ).rejects.toMatchObject({ code: "23505" });
    await expect(
      withTransaction(async (sql) => {
        await sql.query(...insert(a, 1));
        throw new Error("the caller gave up");
      }),
    ).rejects.toThrow("the caller gave up");
    expect(await rowsOf(a)).toEqual([]);
  });

  it("refuses a statement after the final one", async () => {
    const a = randomUUID();
    await expect(
      withTransaction(async (sql) => {
        await sql.finalQuery(...insert(a, 1));
        await sql.query(...insert(a, 2));
      }),
    ).rejects.toThrow("no statement may follow");
    expect(await rowsOf(a)).toEqual([1]);
  });

  it("runs statements issued without waiting in order, in one transaction, and returns the connection as it found it", async () => {
    const a = randomUUID();
    const answers = await withTransaction((sql) => Promise.all([1, 2, 3].map((n) => sql.query<{ n: number }>(...insert(`${a}-${n}`, n)))));
    expect(answers.flat()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Every pooled client is back out of pipeline mode and idle outside a transaction.
    const clients = await Promise.all(Array.from({ length: 3 }, () => pool().connect()));
    try {
      for (const client of clients) {
        expect((client as unknown as { pipeline: boolean }).pipeline).toBe(false);
        expect((await client.query(`SELECT now() = statement_timestamp() AS "outside"`)).rows[0].outside).toBe(true);
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
