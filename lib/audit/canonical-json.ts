/**
 * Deterministic JSON for hashing: object keys sorted by code unit at every depth, no whitespace,
 * every string (keys included) NFC-normalised, undefined members dropped the way JSON.stringify
 * drops them. Numbers are written by JSON.stringify, so a value read back from jsonb serialises
 * exactly as it did when it was written.
 */
import { compareCodeUnits } from "@/lib/ingest/chain";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value.normalize("NFC"));
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot hold NaN or Infinity");
    return JSON.stringify(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  // A Date (or anything with toJSON) is stored in jsonb as what toJSON returns.
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const members = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) members.set(k.normalize("NFC"), v);
    }
    const keys = [...members.keys()].sort(compareCodeUnits);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(members.get(k))}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}
