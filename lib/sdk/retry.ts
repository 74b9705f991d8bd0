// Exponential backoff with full jitter, honouring Retry-After, with a bounded number of attempts.
// Hand-written rather than taken from p-retry and friends: the SDK must run in browsers with no
// dependencies, and what it needs (jitter, Retry-After as a floor, injectable time) is a page.
import { WardenApiError } from "./errors";

export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. Default 3. */
  maxRetries?: number;
  /** Ceiling of the first retry's wait, in ms. Default 250. */
  baseDelayMs?: number;
  /** Growth of that ceiling per retry. Default 2. */
  factor?: number;
  /** Largest computed wait, in ms. Default 30,000. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After the SDK will wait, in ms. A longer one is not cut short (retrying early
   * only earns another refusal); the error is thrown instead. Default 60,000.
   */
  maxRetryAfterMs?: number;
  /** Waits; replaced in tests. Rejects with the signal's reason when it aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1); replaced in tests. */
  random?: () => number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 250,
  factor: 2,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  sleep: abortableSleep,
  random: Math.random,
};

export function retryPolicy(options: RetryOptions = {}, base: RetryPolicy = DEFAULT_RETRY): RetryPolicy {
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? base.maxRetries,
    baseDelayMs: options.baseDelayMs ?? base.baseDelayMs,
    factor: options.factor ?? base.factor,
    maxDelayMs: options.maxDelayMs ?? base.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? base.maxRetryAfterMs,
    sleep: options.sleep ?? base.sleep,
    random: options.random ?? base.random,
  };
  if (!Number.isInteger(policy.maxRetries) || policy.maxRetries < 0) throw new RangeError("maxRetries must be a whole number ≥ 0");
  if (!(policy.baseDelayMs >= 0) || !(policy.factor >= 1) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError("baseDelayMs and maxDelayMs must be ≥ 0 and factor ≥ 1");
  }
  return policy;
}

/**
 * Wait before retry number `retry` (0 for the first retry): uniform in [0, min(cap, base·factor^retry)]
 * ("full jitter", so many clients failing together do not come back together), raised to the
 * server's Retry-After when that is longer.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfterSeconds?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** retry);
  const jittered = Math.floor(policy.random() * ceiling);
  return retryAfterSeconds === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterSeconds * 1000));
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  // An HTTP date names its weekday and month; this keeps "-3" or "1.5" from parsing as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

export interface RetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: unknown;
}

function isRetryable(error: unknown): error is WardenApiError {
  return error instanceof WardenApiError && error.retryable;
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not worth retrying, or has
 * been retried `maxRetries` times; the last error is thrown as it was.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: { signal?: AbortSignal; onRetry?: (event: RetryEvent) => void } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.maxRetries) throw error;
      if (error.retryAfterSeconds !== undefined && error.retryAfterSeconds * 1000 > policy.maxRetryAfterMs) throw error;
      const delayMs = backoffDelay(attempt, policy, error.retryAfterSeconds);
      hooks.onRetry?.({ retry: attempt + 1, delayMs, error });
      await policy.sleep(delayMs, hooks.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
