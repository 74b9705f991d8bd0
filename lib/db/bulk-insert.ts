// One INSERT for a whole batch, the rows passed column by column: one array parameter per
// column, unpacked by unnest. Prisma's createManyAndReturn took 100-500 ms for 100 rows on
// this machine; a JSON document unpacked by json_to_recordset took 4.5 ms of database time
// for 100 scan events, these arrays 3.9 ms (the document's keys are parsed for every row,
// and jsonb columns were parsed twice, once in the document and once as values). Column
// names and types are fixed by the caller (never user input); values travel only as bound
// parameters.
import "server-only";
import type { Sql } from "./sql";

export type ColumnSpec = readonly (readonly [name: string, sqlType: string])[];

export interface BulkInsert<Row> {
  run(sql: Sql, rows: Row[]): Promise<{ id: string }[]>;
}

/**
 * Each column travels as one array literal built here: pg's own encoder escapes every element
 * with two regular expressions, a tenth of the batch's CPU in the app. An array-typed column
 * (text[], an enum's array) cannot travel as an array of arrays, since the server's arrays are
 * rectangular: each row's value goes as an element holding its own literal, cast back.
 */
const isArrayType = (sqlType: string) => sqlType.endsWith("[]");
const quoteElement = (value: string) => (value.includes('"') || value.includes("\\") ? `"${value.replace(/[\\"]/g, "\\$&")}"` : `"${value}"`);
function arrayLiteral(values: readonly (string | null)[]): string {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    literal += (i === 0 ? "" : ",") + (value === null || value === undefined ? "NULL" : quoteElement(value));
  }
  return literal + "}";
}

type Element = (row: object) => string | null;

function elementOf(name: string, type: string): Element {
  const value = (row: object) => (row as Record<string, unknown>)[name];
  if (isArrayType(type)) return (row) => (value(row) == null ? null : arrayLiteral(value(row) as string[]));
  if (type === "jsonb" || type === "json") return (row) => (value(row) == null ? null : JSON.stringify(value(row)));
  return (row) => {
    const v = value(row);
    return v == null ? null : String(v);
  };
}

export function bulkInsert<Row extends object>(table: string, columns: ColumnSpec, onConflict: string): BulkInsert<Row> {
  const list = columns.map(([name]) => `"${name}"`).join(", ");
  const params = columns.map(([, type], i) => `$${i + 1}::${isArrayType(type) ? "text" : type}[]`).join(", ");
  const select = columns.map(([name, type]) => (isArrayType(type) ? `r."${name}"::${type}` : `r."${name}"`)).join(", ");
  const text = `INSERT INTO "${table}" (${list})
    SELECT ${select} FROM unnest(${params}) AS r(${list})
    ${onConflict}
    RETURNING "id"`;
  const elements = columns.map(([name, type]) => elementOf(name, type));
  return {
    run: (sql, rows) => (rows.length === 0 ? Promise.resolve([]) : sql.query<{ id: string }>(text, elements.map((element) => arrayLiteral(rows.map(element))))),
  };
}
