// PostgreSQL stores no NUL (U+0000) in text or jsonb, and what clients send is
// attacker-controlled: every string that comes in (JSON bodies, query strings, path
// segments) has its NULs replaced by U+FFFD, so it can be stored and looked up alike. The
// scan engine ignores both characters the same way (lib/detection/normalize.ts). Pure: the
// dashboard's page helpers use it too.

export const NUL_REPLACEMENT = "\ufffd";

export function stringWithoutNul(value: string): string {
  return value.includes("\u0000") ? value.replaceAll("\u0000", NUL_REPLACEMENT) : value;
}

/** `value` with every NUL in its strings and keys replaced by U+FFFD. */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return stringWithoutNul(value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [stringWithoutNul(key), withoutNul(inner)])) as T;
  }
  return value;
}
