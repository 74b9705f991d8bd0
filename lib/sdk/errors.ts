// The one error the SDK throws for anything the Warden API or the network did wrong.
import type { ErrorCode } from "../http/errors";

/** Codes the SDK produces itself, when there is no answer from the server to read one from. */
export type SdkErrorCode =
  /** The request never got an answer: DNS, refused or reset connection, CORS. */
  | "network_error"
  /** No answer within `timeoutMs`. */
  | "timeout"
  /** A 2xx answer whose body is not the JSON the API promises. */
  | "invalid_response"
  /** An error status without the API's error body (a proxy's HTML 502, say). */
  | "http_error";

/** The server's codes, the SDK's own, and any code a newer server may add. */
export type WardenErrorCode = ErrorCode | SdkErrorCode | (string & {});

export interface WardenApiErrorInit {
  /** HTTP status; 0 when no answer arrived (network error, timeout). */
  status: number;
  code: WardenErrorCode;
  message: string;
  /** The request field at fault, as `context.agent_id` or `events[3].risk_score`. */
  field?: string;
  /** Seconds the server asked to wait (429, 503), from `Retry-After`. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class WardenApiError extends Error {
  readonly status: number;
  readonly code: WardenErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: WardenApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "WardenApiError";
    this.status = init.status;
    this.code = init.code;
    if (init.field !== undefined) this.field = init.field;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /**
   * Worth sending again: no answer at all, a timeout, 408, 429 or any 5xx. Other 4xx mean
   * the request itself is wrong and would fail the same way again.
   */
  get retryable(): boolean {
    if (this.status === 0) return this.code === "network_error" || this.code === "timeout";
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Reads `{ error: { code, message, field? } }`, the one error body of the API; null for anything else. */
export function readErrorBody(body: unknown): { code: string; message: string; field?: string } | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== "object" || error === null) return null;
  const code = "code" in error ? error.code : undefined;
  const message = "message" in error ? error.message : undefined;
  const field = "field" in error ? error.field : undefined;
  if (typeof code !== "string" || typeof message !== "string") return null;
  return typeof field === "string" ? { code, message, field } : { code, message };
}
