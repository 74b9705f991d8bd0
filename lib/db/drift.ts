// Compares a migrated database with prisma/schema.prisma: every model as a table,
// every field as a column of a compatible type and nullability, every enum, primary
// key, unique, index and foreign key. Prisma's own `migrate diff` needs the schema
// engine, which cannot be downloaded here; this check keeps the hand-written SQL
// honest instead. The schema is read with Prisma's own parser (prisma-schema-wasm).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import pg from "pg";

const require = createRequire(import.meta.url);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[]; indexes: DmmfIndex[] };
}

export function readDmmf(schemaPath: string): Dmmf {
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaPath, "utf8") }))) as Dmmf;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  VarChar: (args) => `character varying${args[0] ? `(${args[0]})` : ""}`,
  Char: (args) => `character(${args[0] ?? 1})`,
  Text: () => "text",
  Uuid: () => "uuid",
  Timestamptz: (args) => `timestamp(${args[0] ?? 3}) with time zone`,
  Timestamp: (args) => `timestamp(${args[0] ?? 3}) without time zone`,
  Date: () => "date",
  Integer: () => "integer",
  SmallInt: () => "smallint",
  BigInt: () => "bigint",
  DoublePrecision: () => "double precision",
  JsonB: () => "jsonb",
  Inet: () => "inet",
};

function expectedColumnType(field: DmmfField, enumDbName: (name: string) => string): string {
  let base: string;
  if (field.kind === "enum") base = enumDbName(field.type);
  else if (field.nativeType) {
    const native = NATIVE_TYPES[field.nativeType[0]];
    if (!native) throw new Error(`drift check does not know native type @db.${field.nativeType[0]}`);
    base = native(field.nativeType[1]);
  } else {
    const scalar = SCALAR_TYPES[field.type];
    if (!scalar) throw new Error(`drift check does not know type ${field.type}`);
    base = scalar;
  }
  return field.isList ? `${base}[]` : base;
}

const ON_DELETE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

/** Every difference between the database and the schema, as readable lines; empty when they agree. */
export async function findSchemaDrift(databaseUrl: string, schemaPath: string): Promise<string[]> {
  const { datamodel } = readDmmf(schemaPath);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const problems: string[] = [];
    const tableOf = new Map(datamodel.models.map((model) => [model.name, model.dbName ?? model.name]));
    const enumDbName = (name: string) => datamodel.enums.find((e) => e.name === name)?.dbName ?? name;
    const columnOf = (model: DmmfModel, fieldName: string) => {
      const field = model.fields.find((f) => f.name === fieldName);
      return field?.dbName ?? fieldName;
    };

    // Enums.
    const { rows: enumRows } = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() GROUP BY t.typname`);
    const dbEnums = new Map(enumRows.map((row) => [row.name, row.values]));
    for (const e of datamodel.enums) {
      const name = e.dbName ?? e.name;
      const want = e.values.map((v) => v.dbName ?? v.name);
      const have = dbEnums.get(name);
      if (!have) problems.push(`enum ${name} is missing`);
      else if (have.join(",") !== want.join(",")) problems.push(`enum ${name} has values [${have}] but the schema says [${want}]`);
      dbEnums.delete(name);
    }
    for (const name of dbEnums.keys()) problems.push(`enum ${name} exists in the database but not in the schema`);

    // Tables and columns.
    const { rows: columns } = await client.query<{ table: string; column: string; type: string; nullable: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations' AND NOT c.relispartition`);
    const dbTables = new Map<string, Map<string, { type: string; nullable: boolean }>>();
    for (const col of columns) {
      if (!dbTables.has(col.table)) dbTables.set(col.table, new Map());
      dbTables.get(col.table)!.set(col.column, { type: col.type, nullable: col.nullable });
    }
    for (const model of datamodel.models) {
      const table = tableOf.get(model.name)!;
      const have = dbTables.get(table);
      if (!have) {
        problems.push(`table ${table} (model ${model.name}) is missing`);
        continue;
      }
      for (const field of model.fields) {
        if (field.kind === "object") continue;
        const column = field.dbName ?? field.name;
        const found = have.get(column);
        if (!found) {
          problems.push(`column ${table}.${column} (field ${model.name}.${field.name}) is missing`);
          continue;
        }
        const wantType = expectedColumnType(field, enumDbName);
        const haveType = found.type.replace(/^"(.*)"(\[\])?$/, "$1$2");
        if (haveType !== wantType) problems.push(`column ${table}.${column} is ${haveType} but the schema says ${wantType}`);
        // Prisma creates scalar lists without NOT NULL; a required list may be either.
        if (!field.isList && found.nullable !== !field.isRequired) {
          problems.push(`column ${table}.${column} is ${found.nullable ? "nullable" : "NOT NULL"} but the schema says ${field.isRequired ? "required" : "optional"}`);
        }
        have.delete(column);
      }
      for (const extra of have.keys()) problems.push(`column ${table}.${extra} exists in the database but not in the schema`);
      dbTables.delete(table);
    }
    for (const extra of dbTables.keys()) problems.push(`table ${extra} exists in the database but not in the schema`);

    // Primary keys, uniques and indexes, compared by table, kind, columns in order and name.
    const { rows: indexRows } = await client.query<{ table: string; name: string; columns: string[]; unique: boolean; primary: boolean }>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
             array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
    const dbIndexes = new Map(indexRows.map((row) => [`${row.table}:${row.name}`, row]));
    for (const index of datamodel.indexes) {
      const model = datamodel.models.find((m) => m.name === index.model)!;
      const table = tableOf.get(index.model)!;
      const cols = index.fields.map((f) => columnOf(model, f.name));
      const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${suffix}`);
      const found = dbIndexes.get(`${table}:${name}`);
      const label = `${index.type === "id" ? "primary key" : index.type === "unique" ? "unique index" : "index"} ${name} on ${table}(${cols.join(", ")})`;
      if (!found) {
        problems.push(`${label} is missing`);
        continue;
      }
      if (found.columns.join(",") !== cols.join(",")) problems.push(`${label} covers (${found.columns.join(", ")}) in the database`);
      if (found.primary !== (index.type === "id")) problems.push(`${label}: primary key mismatch`);
      if (found.unique !== (index.type !== "normal")) problems.push(`${label}: uniqueness mismatch`);
      dbIndexes.delete(`${table}:${name}`);
    }
    for (const extra of dbIndexes.values()) problems.push(`index ${extra.name} on ${extra.table}(${extra.columns.join(", ")}) exists in the database but not in the schema`);

    // Foreign keys.
    const { rows: fkRows } = await client.query<{ table: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>(`
      SELECT t.relname AS table, rt.relname AS ref_table, con.confdeltype AS on_delete,
             array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
             array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns
      FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class rt ON rt.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()`);
    const dbFks = new Map(fkRows.map((row) => [`${row.table}(${row.columns})->${row.ref_table}(${row.ref_columns})`, row]));
    for (const model of datamodel.models) {
      for (const field of model.fields) {
        if (field.kind !== "object" || !field.relationFromFields?.length) continue;
        const target = datamodel.models.find((m) => m.name === field.type)!;
        const table = tableOf.get(model.name)!;
        const key = `${table}(${field.relationFromFields.map((f) => columnOf(model, f))})->${tableOf.get(target.name)}(${(field.relationToFields ?? []).map((f) => columnOf(target, f))})`;
        const found = dbFks.get(key);
        if (!found) {
          problems.push(`foreign key ${key} is missing`);
          continue;
        }
        const wantOnDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
        const haveOnDelete = ON_DELETE[found.on_delete] ?? found.on_delete;
        if (haveOnDelete !== wantOnDelete) problems.push(`foreign key ${key} deletes with ${haveOnDelete} but the schema says ${wantOnDelete}`);
        dbFks.delete(key);
      }
    }
    for (const extra of dbFks.keys()) problems.push(`foreign key ${extra} exists in the database but not in the schema`);
    return problems;
  } finally {
    await client.end();
  }
}
