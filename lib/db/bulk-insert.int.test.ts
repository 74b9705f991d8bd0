import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/tests/test-database";
import { bulkInsert } from "./bulk-insert";
import { withTransaction } from "./sql";

useMigratedDatabase();

// Message text is attacker-controlled: every character an array literal gives a meaning to
// must come back exactly as it was sent.
const HOSTILE = ['"', "\\", '\\"', "{a,b}", "NULL", "null", "", " ", "a,b", "}{", "line\nbreak\ttab", "ünïcødé ✓ 𝔘", "'; DROP TABLE x; --", '{"k": "v\\"}'];

describe("bulkInsert", () => {
  it("stores text, arrays, JSON and numbers exactly, whatever characters they hold", async () => {
    await pool().query(`CREATE TABLE bulk_probe ("id" text PRIMARY KEY, "body" text, "tags" text[], "doc" jsonb, "n" integer, "x" double precision, "flag" boolean)`);
    const insert = bulkInsert<Record<string, unknown>>(
      "bulk_probe",
      [["id", "text"], ["body", "text"], ["tags", "text[]"], ["doc", "jsonb"], ["n", "integer"], ["x", "double precision"], ["flag", "boolean"]],
      "",
    );
    const rows: Record<string, unknown>[] = HOSTILE.map((value, i) => ({
      id: `row-${i}`,
      body: value,
      tags: [value, "plain", value],
      doc: { value, nested: [value] },
      n: i - 3,
      x: i === 0 ? 1e-7 : i / 7,
      flag: i % 2 === 0,
    }));
    rows.push({ id: "nulls", body: null, tags: null, doc: null, n: null, x: null, flag: null });
    rows.push({ id: "empty-array", body: "x", tags: [], doc: [], n: 0, x: 0, flag: false });

    const inserted = await withTransaction((sql) => insert.run(sql, rows));
    expect(inserted.map((r) => r.id)).toEqual(rows.map((r) => r.id));

    const { rows: stored } = await pool().query(`SELECT * FROM bulk_probe`);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const row of rows) expect(byId.get(row.id)).toEqual(row);
  });
});
