// Request and response schemas of the ingest API, shared by the route handlers,
// the TypeScript SDK and the tests. Pure (no server-only): the SDK imports it.
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { MAX_STORABLE_INTEGER } from "@/lib/http/storable";
import { CATEGORIES, DIRECTIONS, SEVERITIES } from "@/lib/detection/types";
import { TRANSCRIPT_FORMATS } from "./adapters";
import type { TranscriptFormat } from "./canonical";

/** Most events in one POST /api/v1/events; more is 413. */
export const MAX_EVENTS_PER_BATCH = 1_000;
/** Request bodies of the ingest endpoints above this are refused with 413. */
export const MAX_INGEST_BODY_BYTES = 10_000_000;
/** Longest text of one ingested event, as for a scan. */
export const MAX_EVENT_TEXT_LENGTH = 262_144;
const MAX_METADATA_JSON = 16_384;

const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const metadata = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= MAX_METADATA_JSON, { message: `must be at most ${MAX_METADATA_JSON} characters of JSON` });

export const findingInputSchema = z
  .object({
    category: z.enum(CATEGORIES),
    rule: z.string().trim().min(1).max(200),
    severity: z.enum(SEVERITIES),
    score: z.number().min(0).max(1),
    span: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
    explanation: z.string().max(1_000).default(""),
  })
  .refine((finding) => finding.span.end >= finding.span.start, { path: ["span", "end"], message: "must not be before span.start" });

/** One scan event produced by another scanner. `id` is the client's, unique per project. */
export const eventInputSchema = z
  .object({
    id: z.string().trim().min(1, "must not be empty").max(200),
    agent_id: name,
    direction: z.enum(DIRECTIONS),
    verdict: z.enum(["allowed", "flagged", "blocked"]),
    risk_score: z.number().min(0).max(1),
    findings: z.array(findingInputSchema).max(500).default([]),
    text: z.string().max(MAX_EVENT_TEXT_LENGTH, `must be at most ${MAX_EVENT_TEXT_LENGTH} characters`).optional(),
    text_sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits").optional(),
    // Stored as a PostgreSQL integer: a larger length failed the whole batch's insert.
    text_length: z.number().int().min(0).max(MAX_STORABLE_INTEGER, `must be at most ${MAX_STORABLE_INTEGER}`).optional(),
    occurred_at: isoInstant().optional(),
    conversation_id: name.optional(),
    to_agent: name.optional(),
    latency_ms: z.number().min(0).optional(),
    scanner: z.string().trim().min(1).max(100).optional(),
    metadata: metadata.optional(),
  })
  .refine((event) => event.text !== undefined || event.text_sha256 !== undefined, {
    path: ["text"],
    message: "send the text or at least its text_sha256",
  });
export type EventInput = z.input<typeof eventInputSchema>;

/** The envelope only: items are validated one by one so a bad item never rejects the others. */
export const eventBatchSchema = z.object({ events: z.array(z.unknown()).min(1, "must hold at least one event") });

export type EventItemStatus = "stored" | "duplicate" | "rejected" | "quota_exceeded";
export interface EventItemResult {
  id: string | null;
  index: number;
  status: EventItemStatus;
  event_id?: string;
  error?: { field?: string; message: string };
}
export interface EventBatchResponse {
  results: EventItemResult[];
  stored: number;
  duplicates: number;
  rejected: number;
  quota_exceeded: number;
}

export const conversationInputSchema = z.object({
  conversation_id: name,
  format: z
    .enum(TRANSCRIPT_FORMATS as unknown as [TranscriptFormat, ...TranscriptFormat[]], { error: `must be one of ${TRANSCRIPT_FORMATS.join(", ")}` })
    .optional(),
  transcript: z.unknown().refine((value) => value !== undefined && value !== null, { message: "is required" }),
  scan: z.boolean().default(false),
  metadata: metadata.optional(),
});
export type ConversationInput = z.input<typeof conversationInputSchema>;

export interface ConversationConflict {
  seq: number;
  reason: string;
}
export interface ConversationIngestResponse {
  conversation_id: string;
  format: TranscriptFormat;
  messages_received: number;
  stored: number;
  already_stored: number;
  quota_exceeded: number;
  conflicts: ConversationConflict[];
  scanned: number;
  blocked: number;
  flagged: number;
}
