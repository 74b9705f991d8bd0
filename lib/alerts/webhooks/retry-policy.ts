// When a failed webhook delivery is tried again, and for how long.

/** A delivery is retried until this long after it was queued, then marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

const FIRST_CEILING_MS = 5_000;
const MAX_CEILING_MS = 60 * 60 * 1000;

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from
 * [0, min(1 h, 5 s · 2^(attempt-1))), so receivers recovering from an outage are not
 * hit by every sender at the same instant.
 */
export function backoffWithFullJitter(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_CEILING_MS, FIRST_CEILING_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
