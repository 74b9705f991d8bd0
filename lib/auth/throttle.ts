// Login throttling, shared by every instance through Postgres (rate-limiter-flexible's
// Postgres store on the `rate_limits` table created by the migrations).
import "server-only";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";

const WINDOW_SECONDS = 15 * 60;
// Failures allowed per window before further attempts are refused for the window.
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;

let limiters: { account: RateLimiterPostgres; address: RateLimiterPostgres } | undefined;

function loginLimiters() {
  limiters ??= {
    account: new RateLimiterPostgres({
      storeClient: pool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: "login_account",
      points: LOGIN_FAILURES_PER_ACCOUNT,
      duration: WINDOW_SECONDS,
    }),
    address: new RateLimiterPostgres({
      storeClient: pool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: "login_address",
      points: LOGIN_FAILURES_PER_ADDRESS,
      duration: WINDOW_SECONDS,
    }),
  };
  return limiters;
}

function exhausted(res: RateLimiterRes | null, points: number): number | null {
  if (!res || res.consumedPoints < points) return null;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Throws 429 with Retry-After when this account or address has failed too often. */
export async function assertLoginAllowed(email: string, ip: string | null): Promise<void> {
  const { account, address } = loginLimiters();
  const [byAccount, byAddress] = await Promise.all([
    account.get(email.toLowerCase()),
    ip ? address.get(ip) : Promise.resolve(null),
  ]);
  const retryAfter =
    exhausted(byAccount, LOGIN_FAILURES_PER_ACCOUNT) ?? exhausted(byAddress, LOGIN_FAILURES_PER_ADDRESS);
  if (retryAfter !== null) {
    throw new ApiError("rate_limited", "Too many failed sign-in attempts. Try again later.", {
      retryAfterSeconds: retryAfter,
    });
  }
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const { account, address } = loginLimiters();
  // consume() rejects once the points are used up; that is the state we want to record.
  await Promise.all([
    account.consume(email.toLowerCase()).catch(() => undefined),
    ip ? address.consume(ip).catch(() => undefined) : undefined,
  ]);
}

export async function recordLoginSuccess(email: string): Promise<void> {
  await loginLimiters().account.delete(email.toLowerCase());
}

// API keys: rate-limiter-flexible's fixed window of one second on the same table, but the
// counting upsert runs inside the key lookup (lib/auth/api-keys.ts), which every request
// makes anyway: one round trip and one pooled connection per request fewer than the
// library's own consume().
export const API_RATE_LIMIT_PREFIX = "api_key";
export const API_RATE_WINDOW_MS = 1_000;

export interface ApiRateWindow {
  /** Requests of the key in the current window, this one included. */
  requests: number;
  /** When the window ends, in epoch milliseconds. */
  endsAt: number;
}

/** Throws 429 with Retry-After when an API key exceeds its requests per second. */
export function assertApiRateLimit(window: ApiRateWindow): void {
  if (window.requests <= serverEnv().WARDEN_API_RATE_LIMIT) return;
  throw new ApiError("rate_limited", "Too many requests for this API key.", { retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - Date.now()) / 1000)) });
}
