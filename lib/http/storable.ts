// Strings PostgreSQL can store. It refuses NUL (U+0000) in text and jsonb, and a lone
// UTF-16 surrogate ("\ud800" in JSON) in json and jsonb; what clients send is
// attacker-controlled, so every string that comes in (JSON bodies, query strings, path
// segments) has both replaced by U+FFFD on arrival and is stored, deduplicated and looked
// up the same way every time. The scan engine ignores U+FFFD as it ignores NUL
// (lib/detection/normalize.ts). Pure: the dashboard's page helpers use it too.

const REPLACEMENT_CHARACTER = "\ufffd";

/** The largest value of a PostgreSQL integer column: a larger number failed its insert (a 500). */
export const MAX_STORABLE_INTEGER = 2_147_483_647;

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableString(value: string): string {
  return value.replace(UNSTORABLE, REPLACEMENT_CHARACTER);
}

/** `value` with every string and key made storable (storableString). */
export function storable<T>(value: T): T {
  if (typeof value === "string") return storableString(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableString(key), storable(inner)])) as T;
  }
  return value;
}
