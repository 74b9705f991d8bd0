// Batches scan events from another scanner into POST /api/v1/events: bounded memory, one
// batch in flight, client ids so a retried batch is de-duplicated by the server, and a
// per-item answer so one bad event is reported instead of blocking the rest.
import type { EventBatchResponse, EventInput } from "../ingest/schemas";
import { WardenApiError } from "./errors";
import { MAX_EVENTS_PER_BATCH } from "./limits";
import { retryPolicy, withRetry, type RetryOptions, type RetryPolicy } from "./retry";

/** An event to enqueue; `id` is generated when absent (pass your own to de-duplicate across processes). */
export type OutgoingEvent = Omit<EventInput, "id"> & { id?: string };

export interface RejectedEvent {
  event: EventInput;
  error: { field?: string; message: string };
}

export interface EventSenderStats {
  /** Enqueued and not yet answered (waiting or in flight). */
  queued: number;
  /** Events in batches the server answered, each counted once however often it was retried. */
  sent: number;
  stored: number;
  duplicates: number;
  rejected: number;
  quotaExceeded: number;
  /** Refused by `enqueue` because the queue was full or the sender closed. */
  dropped: number;
  /** Given up: the batch failed with an error not worth retrying, or retries ran out. */
  failed: number;
  /** Batch requests sent again after a retryable failure. */
  retries: number;
}

export interface EventSenderOptions {
  /** Posts one batch, one attempt (the sender retries); `WardenClient.eventSender()` provides it. */
  send: (events: EventInput[]) => Promise<EventBatchResponse>;
  /** Events per request; default 100, clamped to 1..1000. A full batch is sent at once. */
  batchSize?: number;
  /** Longest an event waits for its batch to fill, in ms. Default 1,000. */
  flushIntervalMs?: number;
  /** Most events held (waiting and in flight); beyond it `enqueue` drops. Default 10,000. */
  maxQueue?: number;
  /** Backoff for failed batches; defaults to the client's. */
  retry?: RetryOptions;
  /** Items the server refused as invalid; they are never retried. */
  onRejected?: (rejected: RejectedEvent[]) => void;
  /** Items not stored because the organization's monthly quota is spent; not retried. */
  onQuotaExceeded?: (events: EventInput[]) => void;
  /** An event `enqueue` refused (queue full or sender closed). */
  onDropped?: (event: OutgoingEvent) => void;
  /** A batch given up after `error` (retries spent, or an error retrying cannot fix). */
  onError?: (error: unknown, events: EventInput[]) => void;
}

interface Waiter {
  /** Resolved once every event up to this sequence number is answered or given up. */
  upTo: number;
  resolve: () => void;
}

export class EventSender {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxQueue: number;
  readonly #options: EventSenderOptions;
  readonly #retry: RetryPolicy;
  /** Waiting events with their sequence numbers; FIFO, so answered sequence numbers only grow. */
  #queue: { seq: number; event: EventInput }[] = [];
  #inFlightCount = 0;
  #inFlight: Promise<void> | null = null;
  #lastSeq = 0;
  #doneSeq = 0;
  /** Events up to this sequence number go out without waiting for a full batch. */
  #flushUpTo = 0;
  #waiters: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  #stats: Omit<EventSenderStats, "queued"> = { sent: 0, stored: 0, duplicates: 0, rejected: 0, quotaExceeded: 0, dropped: 0, failed: 0, retries: 0 };

  constructor(options: EventSenderOptions) {
    this.#options = options;
    this.batchSize = Math.max(1, Math.min(MAX_EVENTS_PER_BATCH, Math.floor(options.batchSize ?? 100)));
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.maxQueue = options.maxQueue ?? 10_000;
    if (!(this.flushIntervalMs >= 0)) throw new RangeError("flushIntervalMs must be ≥ 0");
    if (!(this.maxQueue >= 1)) throw new RangeError("maxQueue must be ≥ 1");
    this.#retry = retryPolicy(options.retry);
  }

  /**
   * Queues one event; false when it was dropped because the queue is full or the sender is
   * closed (counted in `stats().dropped`). Never blocks and never throws for a full queue,
   * so a slow or absent Warden cannot stall the agents.
   */
  enqueue(event: OutgoingEvent): boolean {
    if (this.#closed || this.#queue.length + this.#inFlightCount >= this.maxQueue) {
      this.#stats.dropped++;
      this.#notify(this.#options.onDropped, event);
      return false;
    }
    const withId: EventInput = { ...event, id: event.id ?? newEventId() };
    this.#queue.push({ seq: ++this.#lastSeq, event: withId });
    if (this.#queue.length >= this.batchSize) this.#pump();
    else this.#armTimer();
    return true;
  }

  /** Resolves when every event enqueued before the call is answered or given up. Never rejects. */
  flush(): Promise<void> {
    const upTo = this.#lastSeq;
    if (this.#doneSeq >= upTo) return Promise.resolve();
    this.#flushUpTo = Math.max(this.#flushUpTo, upTo);
    const done = new Promise<void>((resolve) => this.#waiters.push({ upTo, resolve }));
    this.#pump();
    return done;
  }

  /** Refuses new events, sends what is queued and stops the timer. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    this.#clearTimer();
  }

  stats(): EventSenderStats {
    return { queued: this.#queue.length + this.#inFlightCount, ...this.#stats };
  }

  #pump(): void {
    if (this.#inFlight) return; // the running loop picks up whatever is due when its batch is answered
    this.#inFlight = this.#drain().finally(() => {
      this.#inFlight = null;
      if (this.#queue.length > 0) this.#armTimer();
    });
  }

  async #drain(): Promise<void> {
    while (this.#due()) {
      this.#clearTimer();
      const batch = this.#queue.splice(0, this.batchSize);
      this.#inFlightCount = batch.length;
      try {
        await this.#deliver(batch.map((item) => item.event));
      } finally {
        this.#inFlightCount = 0;
        this.#answered(batch[batch.length - 1]?.seq ?? this.#doneSeq);
      }
    }
  }

  #due(): boolean {
    const head = this.#queue[0];
    return head !== undefined && (this.#queue.length >= this.batchSize || head.seq <= this.#flushUpTo);
  }

  /** Sends one batch with retries; never throws, every outcome lands in the stats and callbacks. */
  async #deliver(events: EventInput[]): Promise<void> {
    let response: EventBatchResponse;
    try {
      response = await withRetry(() => this.#options.send(events), this.#retry, { onRetry: () => this.#stats.retries++ });
    } catch (error) {
      // A body too large for the server: halves are smaller, and the ids keep it idempotent.
      if (error instanceof WardenApiError && error.status === 413 && events.length > 1) {
        const half = Math.ceil(events.length / 2);
        await this.#deliver(events.slice(0, half));
        await this.#deliver(events.slice(half));
        return;
      }
      this.#stats.failed += events.length;
      this.#notify(this.#options.onError, error, events);
      return;
    }
    this.#record(events, response);
  }

  #record(events: EventInput[], response: EventBatchResponse): void {
    this.#stats.sent += events.length;
    const rejected: RejectedEvent[] = [];
    const overQuota: EventInput[] = [];
    for (const result of response.results) {
      const event = events[result.index];
      if (event === undefined) continue;
      if (result.status === "stored") this.#stats.stored++;
      else if (result.status === "duplicate") this.#stats.duplicates++;
      else if (result.status === "quota_exceeded") overQuota.push(event);
      else rejected.push({ event, error: result.error ?? { message: "rejected" } });
    }
    this.#stats.rejected += rejected.length;
    this.#stats.quotaExceeded += overQuota.length;
    if (rejected.length > 0) this.#notify(this.#options.onRejected, rejected);
    if (overQuota.length > 0) this.#notify(this.#options.onQuotaExceeded, overQuota);
  }

  #answered(seq: number): void {
    this.#doneSeq = Math.max(this.#doneSeq, seq);
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.upTo <= this.#doneSeq) waiter.resolve();
      else still.push(waiter);
    }
    this.#waiters = still;
  }

  #armTimer(): void {
    if (this.#timer !== null || this.#queue.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flushUpTo = Math.max(this.#flushUpTo, this.#lastSeq);
      this.#pump();
    }, this.flushIntervalMs);
    // In Node, a pending flush must not keep the process alive; close() or flush() sends the rest.
    const handle: unknown = this.#timer;
    if (typeof handle === "object" && handle !== null && "unref" in handle && typeof handle.unref === "function") handle.unref();
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** A throwing callback is the caller's bug; it must not stop delivery of everything else. */
  #notify<A extends unknown[]>(callback: ((...args: A) => void) | undefined, ...args: A): void {
    if (!callback) return;
    try {
      callback(...args);
    } catch (error) {
      console.error("warden sdk: an event sender callback threw", error);
    }
  }
}

/** RFC 4122 v4 from `crypto.randomUUID`; falls back to `getRandomValues` where randomUUID is missing (plain-HTTP pages). */
export function newEventId(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.randomUUID === "function") return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
