import { describe, expect, it } from "vitest";
import { WardenApiError } from "./errors";
import { abortableSleep, backoffDelay, parseRetryAfter, retryPolicy, withRetry } from "./retry";

const unavailable = (retryAfterSeconds?: number) =>
  new WardenApiError({ status: 503, code: "unavailable", message: "retry shortly", ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });

describe("backoffDelay", () => {
  it("draws each wait uniformly below base·factor^retry (full jitter)", () => {
    const top = retryPolicy({ random: () => 0.999_999 });
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, top))).toEqual([249, 499, 999, 1999]);
    const bottom = retryPolicy({ random: () => 0 });
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, bottom))).toEqual([0, 0, 0, 0]);
  });

  it("never exceeds the cap", () => {
    const policy = retryPolicy({ random: () => 0.999_999, maxDelayMs: 30_000 });
    expect(backoffDelay(20, policy)).toBe(29_999);
  });

  it("takes Retry-After as the least wait, and keeps a longer jittered wait", () => {
    const policy = retryPolicy({ random: () => 0.5 });
    expect(backoffDelay(0, policy, 2)).toBe(2_000);
    expect(backoffDelay(6, policy, 1)).toBe(8_000);
    expect(backoffDelay(0, policy, 0.25)).toBe(250);
  });

  it("follows a configured base and factor", () => {
    const policy = retryPolicy({ random: () => 0.5, baseDelayMs: 100, factor: 3 });
    expect([0, 1, 2].map((retry) => backoffDelay(retry, policy))).toEqual([50, 150, 450]);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("5", now)).toBe(5);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores an absent or unreadable header", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("-3")).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("makes at most maxRetries + 1 attempts and throws the last error", async () => {
    let attempts = 0;
    const last = unavailable();
    const policy = retryPolicy({ maxRetries: 3, sleep: async () => {} });
    await expect(
      withRetry(async () => {
        attempts++;
        throw attempts === 4 ? last : unavailable();
      }, policy),
    ).rejects.toBe(last);
    expect(attempts).toBe(4);
  });

  it("does not retry errors that are not worth it: 4xx, programming errors", async () => {
    for (const error of [new WardenApiError({ status: 422, code: "validation_failed", message: "bad" }), new TypeError("oops")]) {
      let attempts = 0;
      await expect(
        withRetry(async () => {
          attempts++;
          throw error;
        }, retryPolicy({ sleep: async () => {} })),
      ).rejects.toBe(error);
      expect(attempts).toBe(1);
    }
  });

  it("retries 408, 429, 5xx, timeouts and network errors", () => {
    const retryable = [408, 429, 500, 502, 503, 504].map((status) => new WardenApiError({ status, code: "x", message: "" }));
    retryable.push(new WardenApiError({ status: 0, code: "timeout", message: "" }), new WardenApiError({ status: 0, code: "network_error", message: "" }));
    expect(retryable.every((e) => e.retryable)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 422].some((status) => new WardenApiError({ status, code: "x", message: "" }).retryable)).toBe(false);
  });

  it("reports each retry with its wait before sleeping it", async () => {
    const log: string[] = [];
    const policy = retryPolicy({ random: () => 0, sleep: async (ms) => void log.push(`sleep ${ms}`) });
    let attempts = 0;
    const result = await withRetry(
      async () => {
        if (++attempts < 3) throw unavailable(1);
        return "ok";
      },
      policy,
      { onRetry: ({ retry, delayMs }) => log.push(`retry ${retry} after ${delayMs}`) },
    );
    expect(result).toBe("ok");
    expect(log).toEqual(["retry 1 after 1000", "sleep 1000", "retry 2 after 1000", "sleep 1000"]);
  });

  it("refuses invalid settings", () => {
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(RangeError);
    expect(() => retryPolicy({ factor: 0.5 })).toThrow(RangeError);
  });
});

describe("abortableSleep", () => {
  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(10_000, controller.signal);
    controller.abort(new Error("shutting down"));
    await expect(sleeping).rejects.toThrow("shutting down");
  });
});
