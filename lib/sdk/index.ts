// The Warden TypeScript SDK. Import from "@/lib/sdk" inside this repository.
export { WardenClient } from "./client";
export type { CallOptions, ScanOptions, SendConversationOptions, WardenClientOptions, WhoamiResponse } from "./client";
export { EventSender, newEventId } from "./event-sender";
export type { EventSenderOptions, EventSenderStats, OutgoingEvent, RejectedEvent } from "./event-sender";
export { WardenApiError } from "./errors";
export type { SdkErrorCode, WardenErrorCode } from "./errors";
export { DEFAULT_RETRY, backoffDelay, parseRetryAfter } from "./retry";
export type { RetryEvent, RetryOptions, RetryPolicy } from "./retry";
export { MAX_EVENTS_PER_BATCH } from "./limits";
export type { ScanResponse } from "../scan/schemas";
export type { ConversationIngestResponse, EventBatchResponse, EventInput, EventItemResult } from "../ingest/schemas";
