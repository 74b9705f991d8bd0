// Reads and validates a JSON request body: 415 for another content type, 413 past
// the size bound, 400 for malformed JSON, 422 naming the field for schema errors.
import type { z } from "zod";
import { ApiError, validationError } from "./errors";

export const DEFAULT_BODY_LIMIT_BYTES = 1_000_000;

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
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
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
