// Reads and validates a JSON request body: 415 for another content type, 413 past
// the size bound, 400 for malformed JSON, 422 naming the field for schema errors.
// Every NUL and lone surrogate in a string or key becomes U+FFFD on arrival (lib/http/storable.ts).
import type { z } from "zod";
import { ApiError, validationError } from "./errors";
import { storable } from "./storable";

export const DEFAULT_BODY_LIMIT_BYTES = 1_000_000;
/**
 * Deepest nesting of arrays and objects a body may have. Whatever walks a value recursively
 * (JSON.stringify, a schema's refinement, PostgreSQL's jsonb) overflows its stack somewhere
 * past a few thousand levels, and the transcripts and events we take nest a dozen at most.
 */
export const MAX_JSON_DEPTH = 200;
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "The body must be JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) {
    throw new ApiError("payload_too_large", `The body is larger than ${limitBytes} bytes.`);
  }
  const text = await readLimited(request, limitBytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new ApiError("bad_request", `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  // In JSON text (decoded from UTF-8) a NUL or a surrogate can only be written as an escape.
  if (UNSTORABLE_ESCAPE.test(text)) data = storable(data);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Whether valid JSON `text` nests arrays and objects deeper than `max` (brackets inside strings do not count). */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Reads at most `limit` bytes, so a body without Content-Length cannot exhaust memory. */
async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError("payload_too_large", `The body is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
