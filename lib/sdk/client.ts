// The Warden API client: scan, whoami, transcripts, event batches. Only `fetch` and
// AbortController, so it runs unchanged in Node 20+, Deno, Bun, edge runtimes and browsers.
// Types come from the server's schemas with `import type`, so nothing of the server is bundled.
import type { ApiKeyScope } from "../db/generated/enums";
import type { ConversationIngestResponse, ConversationInput, EventBatchResponse, EventInput } from "../ingest/schemas";
import type { ScanRequest, ScanResponse } from "../scan/schemas";
import { WardenApiError, readErrorBody } from "./errors";
import { EventSender, type EventSenderOptions } from "./event-sender";
import { MAX_EVENTS_PER_BATCH } from "./limits";
import { parseRetryAfter, retryPolicy, withRetry, type RetryEvent, type RetryOptions, type RetryPolicy } from "./retry";

export interface WardenClientOptions {
  /** Where Warden runs, as `https://warden.internal`; a trailing slash is fine. */
  baseUrl: string;
  /** A project's API key, `wdn_live_…`. */
  apiKey: string;
  /** Per attempt, in ms; a retried call may take longer in total. Default 10,000. */
  timeoutMs?: number;
  /** Retries after the first attempt of each call. Default 3. */
  maxRetries?: number;
  /** Backoff tuning; `maxRetries` above wins over `retry.maxRetries`. */
  retry?: Omit<RetryOptions, "maxRetries">;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch;
}

export interface ScanOptions {
  direction: ScanRequest["direction"];
  agentId: string;
  conversationId?: string;
  toAgent?: string;
  metadata?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface SendConversationOptions {
  conversationId: string;
  /** As your framework produced it: a Warden transcript, AutoGen 0.2 `chat_history`, 0.4 `TaskResult.messages`… */
  transcript: unknown;
  /** Detected by the server when omitted. */
  format?: ConversationInput["format"];
  /** Scan every new message on the way in. */
  scan?: boolean;
  metadata?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** What `GET /api/v1/whoami` answers: the key's organization, project and scopes. */
export interface WhoamiResponse {
  organization: { id: string; slug: string; name: string };
  project: { id: string; slug: string; name: string };
  key: { id: string; name: string };
  scopes: ApiKeyScope[];
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Told before each retry's wait, with the wait and the error that caused it. */
  onRetry?: (event: RetryEvent) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_RETRY = retryPolicy({ maxRetries: 0 });

export class WardenClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;

  constructor(options: WardenClientOptions) {
    if (!options.baseUrl) throw new TypeError("WardenClient: baseUrl is required");
    if (!options.apiKey) throw new TypeError("WardenClient: apiKey is required");
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError("WardenClient: timeoutMs must be > 0");
    this.retry = retryPolicy({ ...options.retry, maxRetries: options.maxRetries });
    // Bound so a detached global `fetch` is not called with the client as `this` (browsers refuse that).
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function") throw new TypeError("WardenClient: no fetch available; pass options.fetch");
    this.#fetch = fetchImpl.bind(globalThis);
  }

  /** Scans one message; call it before passing the message on, and stop if `blocked`. */
  scan(text: string, options: ScanOptions): Promise<ScanResponse> {
    const context: ScanRequest["context"] = { agent_id: options.agentId };
    if (options.conversationId !== undefined) context.conversation_id = options.conversationId;
    if (options.toAgent !== undefined) context.to_agent = options.toAgent;
    if (options.metadata !== undefined) context.metadata = options.metadata;
    const body: ScanRequest = { text, direction: options.direction, context };
    return this.#request<ScanResponse>("POST", "/api/v1/scan", body, { signal: options.signal });
  }

  /** Which organization and project the key belongs to, and its scopes: a cheap end-to-end check. */
  whoami(options: CallOptions = {}): Promise<WhoamiResponse> {
    return this.#request<WhoamiResponse>("GET", "/api/v1/whoami", undefined, options);
  }

  /**
   * Sends a whole or partial transcript. Safe to retry and to call again with a longer
   * transcript: the server stores messages by position and skips the ones it already has.
   */
  sendConversation(options: SendConversationOptions): Promise<ConversationIngestResponse> {
    const body: ConversationInput = { conversation_id: options.conversationId, transcript: options.transcript };
    if (options.format !== undefined) body.format = options.format;
    if (options.scan !== undefined) body.scan = options.scan;
    if (options.metadata !== undefined) body.metadata = options.metadata;
    return this.#request<ConversationIngestResponse>("POST", "/api/v1/conversations", body, { signal: options.signal });
  }

  /**
   * Posts one batch as it is (every event must carry its `id`, so a retry is recognised as a
   * duplicate). Most callers want `eventSender()`, which batches, ids and retries for them.
   */
  async sendEvents(events: EventInput[], options: CallOptions = {}): Promise<EventBatchResponse> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) {
      throw new RangeError(`sendEvents takes 1 to ${MAX_EVENTS_PER_BATCH} events, got ${events.length}`);
    }
    return this.#request<EventBatchResponse>("POST", "/api/v1/events", { events }, options);
  }

  /** A batching, retrying sender of scan events produced by another scanner. */
  eventSender(options: Omit<EventSenderOptions, "send"> = {}): EventSender {
    return new EventSender({
      ...options,
      retry: retryPolicy(options.retry, this.retry),
      // One attempt per call: the sender retries itself, counting and bounding the retries.
      send: (events) => this.#request<EventBatchResponse>("POST", "/api/v1/events", { events }, {}, NO_RETRY),
    });
  }

  async #request<T>(method: "GET" | "POST", path: string, body: unknown, options: CallOptions, policy = this.retry): Promise<T> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${this.#apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    return withRetry(() => this.#attempt<T>(path, init, options.signal), policy, options);
  }

  /** One attempt: the timeout covers the whole answer, body included, not just the headers. */
  async #attempt<T>(path: string, init: RequestInit, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      const response = await this.#fetch(`${this.baseUrl}${path}`, { ...init, signal: controller.signal });
      const text = await response.text();
      return interpret<T>(response, text);
    } catch (error) {
      if (error instanceof WardenApiError) throw error;
      if (signal?.aborted) throw signal.reason;
      if (timedOut) {
        throw new WardenApiError({ status: 0, code: "timeout", message: `No answer from Warden within ${this.timeoutMs} ms`, cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new WardenApiError({ status: 0, code: "network_error", message: `Could not reach Warden: ${reason}`, cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  }
}

function interpret<T>(response: Response, text: string): T {
  let body: unknown;
  let parsed = false;
  try {
    body = text === "" ? undefined : JSON.parse(text);
    parsed = body !== undefined;
  } catch {
    parsed = false;
  }
  if (response.ok) {
    if (!parsed || typeof body !== "object" || body === null) {
      throw new WardenApiError({ status: response.status, code: "invalid_response", message: "Warden answered with a body that is not a JSON object" });
    }
    // The body's shape is the server's contract (same schemas module); it is not re-validated
    // here because the zod schemas would pull the detection engine into every client bundle.
    return body as T;
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  const error = readErrorBody(body);
  throw new WardenApiError({
    status: response.status,
    code: error?.code ?? "http_error",
    message: error?.message ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
    ...(error?.field !== undefined ? { field: error.field } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
