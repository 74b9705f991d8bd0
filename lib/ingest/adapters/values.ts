/**
 * Defensive readers for untrusted, already-JSON-parsed input. Every adapter reads through these so
 * that inherited properties (`constructor`, `__proto__`), odd types and deep nesting can never
 * reach adapter logic or crash it.
 */
import { LIMITS } from "../canonical";
import { IngestError } from "./errors";

export type JsonRecord = Record<string, unknown>;

/** Keys never copied from input into our own objects (prototype pollution). */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property only: `get(obj, "constructor")` is undefined for a plain object. */
export function get(obj: JsonRecord, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function has(obj: JsonRecord, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined;
}

/** A non-empty string field or undefined. */
export function optString(obj: JsonRecord, key: string): string | undefined {
  const v = get(obj, key);
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** A bounded agent / tool name; an error naming `field` when present but not a usable name. */
export function readName(value: unknown, field: string): string {
  if (typeof value !== "string") throw new IngestError(`${field} must be a string`, field);
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new IngestError(`${field} must not be empty`, field);
  if (trimmed.length > LIMITS.maxNameChars) {
    throw new IngestError(`${field} is longer than ${LIMITS.maxNameChars} characters`, field);
  }
  return trimmed;
}

/** A string field bounded by the per-message content limit. */
export function checkContentLength(text: string, field: string): string {
  if (text.length > LIMITS.maxContentChars) {
    throw new IngestError(`${field} is longer than ${LIMITS.maxContentChars} characters`, field);
  }
  return text;
}

/**
 * Copies a JSON-like value into fresh plain objects, dropping prototype-pollution keys and
 * refusing anything deeper than LIMITS.maxDepth or larger than LIMITS.maxMetadataChars. Iterative
 * size accounting keeps a hostile structure from costing more than the bound.
 */
export function cloneJson(value: unknown, field: string): unknown {
  let budget = LIMITS.maxMetadataChars;
  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) throw new IngestError(`${field} is larger than ${LIMITS.maxMetadataChars} characters`, field);
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > LIMITS.maxDepth) throw new IngestError(`${field} is nested deeper than ${LIMITS.maxDepth} levels`, field);
    if (v === null || typeof v === "boolean") {
      spend(4);
      return v;
    }
    if (typeof v === "number") {
      spend(8);
      return Number.isFinite(v) ? v : null;
    }
    if (typeof v === "string") {
      spend(v.length + 2);
      return v;
    }
    if (Array.isArray(v)) {
      spend(2);
      const out: unknown[] = [];
      for (const item of v) out.push(walk(item, depth + 1));
      return out;
    }
    if (isRecord(v)) {
      spend(2);
      const out: JsonRecord = {};
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) continue;
        spend(key.length + 3);
        const child = walk(v[key], depth + 1);
        if (child !== undefined) out[key] = child;
      }
      return out;
    }
    // undefined, functions, symbols, bigint: not JSON.
    return undefined;
  };
  return walk(value, 0);
}

/** Serialises a JSON-like value (already depth-checked by cloneJson) to a string. */
export function stringifyJson(value: unknown, field: string): string {
  const text = JSON.stringify(cloneJson(value, field)) ?? "null";
  return checkContentLength(text, field);
}

/**
 * Flattens multimodal content into text: strings as-is, OpenAI text parts by their text, images
 * as `[image: <url>]` (http(s) URLs are kept because exfiltration through image URLs is a real
 * attack; inline data URLs are summarised, their bytes are not text worth scanning).
 */
export function renderParts(parts: unknown[], field: string): string {
  if (parts.length > LIMITS.maxMessages) throw new IngestError(`${field} has too many parts`, field);
  const out: string[] = [];
  parts.forEach((part, i) => {
    const partField = `${field}[${i}]`;
    if (typeof part === "string") {
      out.push(part);
      return;
    }
    if (!isRecord(part)) throw new IngestError(`${partField} must be a string or an object`, partField);
    const type = get(part, "type");
    const text = get(part, "text");
    if (typeof text === "string") {
      out.push(text);
      return;
    }
    const imageUrl = get(part, "image_url");
    const url = isRecord(imageUrl) ? get(imageUrl, "url") : imageUrl;
    if (typeof url === "string") {
      out.push(`[image: ${summariseUrl(url)}]`);
      return;
    }
    if (type === "image" || typeof get(part, "data") === "string") {
      out.push("[image]");
      return;
    }
    // Unknown part types are kept readable rather than dropped.
    out.push(stringifyJson(part, partField));
  });
  return checkContentLength(out.join("\n"), field);
}

function summariseUrl(url: string): string {
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    return `${url.slice(0, Math.min(comma === -1 ? 40 : comma, 40))}… (${url.length} chars)`;
  }
  return url;
}

/** Content that may be null (AutoGen 0.2 tool-call messages), a string or a list of parts. */
export function readContent(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return checkContentLength(value, field);
  if (Array.isArray(value)) return renderParts(value, field);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isRecord(value)) return stringifyJson(value, field);
  throw new IngestError(`${field} must be a string, a list or null`, field);
}
