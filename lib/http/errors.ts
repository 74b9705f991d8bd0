// One error type, one status map, one body shape: { error: { code, message, field? } }.
import { z } from "zod";
import { log } from "@/lib/log";

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { field?: string; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.status = STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** `a.b[2].c` from a zod issue path, the form API clients see in `field`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "");
}

export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue ? fieldPath(issue.path) : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input";
  return new ApiError("validation_failed", message, { field: field || undefined });
}

// Prisma's codes for an unreachable or vanished database, and PostgreSQL's SQLSTATEs
// for shutdown and connection failure (class 08).
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P02", "57P03"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** The error and everything it wraps (causes, Prisma's driver adapter errors). */
function errorChain(error: unknown): object[] {
  const seen = new Set<unknown>();
  const chain: object[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    chain.push(current);
    const { meta, cause } = current as { meta?: { driverAdapterError?: unknown }; cause?: unknown };
    queue.push(cause, meta?.driverAdapterError);
  }
  return chain;
}

function isDatabaseUnavailable(error: unknown): boolean {
  return errorChain(error).some((current) => {
    const { code, kind } = current as { code?: unknown; kind?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
    return current instanceof Error && /Connection terminated|Can't reach database server|connect ECONNREFUSED|not queryable|timeout exceeded when trying to connect|the database system is (shutting down|starting up)/i.test(current.message);
  });
}

/**
 * PostgreSQL refused a NUL in text (22021) or jsonb (22P05), or a lone surrogate in JSON (22P02).
 * What requests carry is made storable on arrival (lib/http/storable.ts); this is the net
 * under anything that slipped past.
 */
function isUnstorableText(error: unknown): boolean {
  return errorChain(error).some((current) => {
    // Prisma's driver adapter errors carry PostgreSQL's SQLSTATE as originalCode.
    const { code = (current as { originalCode?: unknown }).originalCode, message } = current as { code?: unknown; message?: unknown };
    if (typeof message !== "string") return false;
    return code === "22P05" || (code === "22021" && message.includes("0x00")) || (code === "22P02" && message.includes("type json"));
  });
}

/** Maps any thrown value to the one error body. Unknown errors are logged and shown as a generic 500. */
export function errorResponse(error: unknown, context: { requestId?: string } = {}): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof z.ZodError) apiError = validationError(error);
  else if (isUnstorableText(error)) apiError = new ApiError("bad_request", "The request holds a character that cannot be stored (NUL, or half of a UTF-16 surrogate pair).");
  else if (isDatabaseUnavailable(error)) {
    log.warn({ err: error, requestId: context.requestId }, "database unavailable");
    apiError = new ApiError("unavailable", "The database is unavailable; retry shortly.", { retryAfterSeconds: 5 });
  } else {
    log.error({ err: error, requestId: context.requestId }, "unhandled error");
    apiError = new ApiError("internal", "Internal error");
  }
  const body: ErrorBody = {
    error: { code: apiError.code, message: apiError.message, ...(apiError.options.field ? { field: apiError.options.field } : {}) },
  };
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  if (apiError.options.retryAfterSeconds !== undefined) {
    headers.set("retry-after", String(Math.max(1, Math.ceil(apiError.options.retryAfterSeconds))));
  }
  return new Response(JSON.stringify(body), { status: apiError.status, headers });
}

export function jsonResponse(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { status: init.status ?? 200, headers });
}
