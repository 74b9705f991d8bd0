/**
 * The canonical transcript every ingest adapter produces, and the canonical Warden wire format
 * (`format: "warden"`) that clients can send directly.
 *
 * Pure module: no I/O, safe to import from the client, the API route and scripts.
 */
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { MAX_STORABLE_INTEGER } from "@/lib/http/storable";

export type MessageKind = "text" | "tool_call" | "tool_result" | "handoff" | "stop" | "system" | "thought";

export const MESSAGE_KINDS: readonly MessageKind[] = [
  "text",
  "tool_call",
  "tool_result",
  "handoff",
  "stop",
  "system",
  "thought",
] as const;

export type TranscriptFormat =
  | "warden"
  | "autogen_v02"
  | "autogen_v02_chat_messages"
  | "autogen_v04"
  | "autogen_v04_console"
  | "autogen_v02_console";

export interface CanonicalMessage {
  /** 0-based position in the canonical transcript (after tool calls are split one per call). */
  seq: number;
  /** Agent name; "user" for a human / user proxy when the format only says role=user. */
  sender: string;
  /** Explicit where the format says; else every other participant (broadcast). */
  recipients: string[];
  recipientsExplicit: boolean;
  /** Sender of the immediately preceding message (in the same thread), null for the first. */
  replyTo: string | null;
  kind: MessageKind;
  /** Text; for tool calls a readable rendering `name(arguments)`; never undefined. */
  content: string;
  toolName?: string;
  toolArguments?: string;
  toolCallId?: string;
  /** ISO time where the format has it. */
  createdAt?: string;
  /** Format-specific extras (models_usage, original role/type, ...). Not part of the hash. */
  metadata?: Record<string, unknown>;
}

export interface CanonicalTranscript {
  format: TranscriptFormat;
  /** Senders and explicit recipients in order of first appearance (plus declared participants). */
  participants: string[];
  messages: CanonicalMessage[];
}

/** Bounds shared by every adapter. Exceeding one is an error naming the field, never a truncation. */
export const LIMITS = {
  maxMessages: 10_000,
  maxContentChars: 1_000_000,
  maxNameChars: 256,
  maxRecipients: 1_000,
  /** Distinct participants of one transcript, and of one conversation across all its sends. */
  maxParticipants: 10_000,
  /**
   * Recipients of all messages together, a message to everyone counting every other
   * participant: what a request stores and rolls up grows with it, and 2,000 messages among
   * 1,000 participants (92 kB of JSON) took 55 s of database time before this bound.
   */
  maxRecipientEntries: 100_000,
  /**
   * Distinct sender-recipient pairs (the flow graph's edges, each rolled up per hour and day):
   * 316 participants all writing to everyone (99,540 pairs, 16 kB of JSON) took 4.5 s.
   */
  maxRecipientPairs: 20_000,
  /** Serialized size of one message's metadata. */
  maxMetadataChars: 100_000,
  /** Nesting depth accepted inside metadata / tool arguments objects. */
  maxDepth: 32,
} as const;

const name = z.string().trim().min(1).max(LIMITS.maxNameChars);

/**
 * One message of the canonical Warden format. snake_case on the wire.
 *
 * Example:
 * ```json
 * { "sender": "planner", "recipients": ["coder"], "kind": "text", "content": "Write the parser." }
 * { "sender": "coder", "kind": "tool_call", "tool_name": "run_tests", "tool_arguments": "{\"path\":\"lib\"}", "tool_call_id": "c1" }
 * { "sender": "coder", "recipients": ["coder"], "kind": "tool_result", "tool_call_id": "c1", "content": "12 passed" }
 * ```
 */
export const wardenMessageSchema = z
  .strictObject({
    /**
     * Optional explicit sequence number; when used, every message must carry one, strictly
     * increasing. Stored as a PostgreSQL integer.
     */
    seq: z.number().int().min(0).max(MAX_STORABLE_INTEGER, `must be at most ${MAX_STORABLE_INTEGER}`).optional(),
    /** Who sent the message (agent name, or "user" for the human). */
    sender: name,
    /**
     * Who the message is addressed to. Omit for a broadcast to every other participant; a
     * tool_result without recipients goes back to the sender of its tool_call_id.
     */
    recipients: z.array(name).max(LIMITS.maxRecipients).optional(),
    /** Defaults to "text". */
    kind: z.enum(MESSAGE_KINDS as [MessageKind, ...MessageKind[]]).default("text"),
    /** Message text. Required except for tool_call, where it defaults to `tool_name(tool_arguments)`. */
    content: z.string().max(LIMITS.maxContentChars).optional(),
    /** Tool name; required for kind "tool_call". */
    tool_name: name.optional(),
    /** Tool arguments, preferably the JSON string the model produced; an object is serialised. */
    tool_arguments: z.union([z.string().max(LIMITS.maxContentChars), z.record(z.string(), z.unknown())]).optional(),
    /** Links a tool_result to its tool_call. */
    tool_call_id: z.string().min(1).max(LIMITS.maxNameChars).optional(),
    /** ISO-8601 timestamp. */
    created_at: isoInstant().optional(),
    /** Free-form extras; stored, not hashed. */
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind === "tool_call" && m.tool_name === undefined) {
      ctx.addIssue({ code: "custom", path: ["tool_name"], message: "tool_name is required for kind tool_call" });
    }
    if (m.kind !== "tool_call" && m.content === undefined) {
      ctx.addIssue({ code: "custom", path: ["content"], message: "content is required" });
    }
  });

/** The canonical Warden transcript: `{ participants?, messages }` (a bare list of messages is accepted too). */
export const canonicalTranscriptSchema = z.strictObject({
  /** Agents that take part, including ones that never speak; they receive broadcasts. */
  participants: z.array(name).max(LIMITS.maxRecipients).optional(),
  messages: z.array(wardenMessageSchema).min(1).max(LIMITS.maxMessages),
});

export type WardenMessageInput = z.input<typeof wardenMessageSchema>;
export type WardenTranscriptInput = z.input<typeof canonicalTranscriptSchema>;

/** JSON Schema of the canonical Warden format, for the README and API docs. */
export const canonicalTranscriptJsonSchema = z.toJSONSchema(canonicalTranscriptSchema, { io: "input" });
