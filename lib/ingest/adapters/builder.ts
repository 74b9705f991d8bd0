/**
 * Collects the messages an adapter recognises and turns them into a CanonicalTranscript: assigns
 * seq, replyTo and participants, expands broadcasts, enforces the bounds. Adapters only decide
 * what each message *is*; the bookkeeping that must be identical across formats lives here.
 */
import { isStorableInstant } from "@/lib/http/instant";
import {
  LIMITS,
  type CanonicalMessage,
  type CanonicalTranscript,
  type MessageKind,
  type TranscriptFormat,
} from "../canonical";
import { IngestError } from "./errors";
import { checkContentLength, cloneJson, isRecord, type JsonRecord } from "./values";

export interface DraftMessage {
  sender: string;
  /** Present = explicit recipients; absent = broadcast to every other participant. */
  recipients?: string[];
  kind: MessageKind;
  content: string;
  toolName?: string;
  toolArguments?: string;
  toolCallId?: string;
  /** Raw timestamp from the input; normalised to ISO or moved to metadata when unparseable. */
  createdAt?: unknown;
  metadata?: JsonRecord;
  /** replyTo is tracked per thread (chat_messages has one thread per peer). */
  thread?: string;
  /** Explicit sequence number (canonical Warden format only). */
  seq?: number;
  /** Where this message came from in the input, for error messages. */
  field: string;
}

interface PendingMessage extends Omit<CanonicalMessage, "recipients"> {
  explicitRecipients: string[] | null;
}

export class TranscriptBuilder {
  private readonly messages: PendingMessage[] = [];
  private readonly participants: string[] = [];
  private readonly participantSet = new Set<string>();
  private readonly lastSenderByThread = new Map<string, string>();
  private readonly toolCalls = new Map<string, { sender: string; name?: string }>();

  constructor(private readonly format: TranscriptFormat) {}

  get size(): number {
    return this.messages.length;
  }

  declareParticipant(name: string): void {
    if (this.participantSet.has(name)) return;
    if (this.participantSet.size >= LIMITS.maxParticipants) {
      throw new IngestError("transcript has too many distinct participants", "transcript");
    }
    this.participantSet.add(name);
    this.participants.push(name);
  }

  /** Sender of the latest message in a thread: the "previous speaker". */
  previousSender(thread = ""): string | null {
    return this.lastSenderByThread.get(thread) ?? null;
  }

  /** Who made the tool call with this id (and which tool), so a result can be addressed back. */
  toolCall(toolCallId: string | undefined): { sender: string; name?: string } | undefined {
    return toolCallId === undefined ? undefined : this.toolCalls.get(toolCallId);
  }

  toolCaller(toolCallId: string | undefined): string | undefined {
    return this.toolCall(toolCallId)?.sender;
  }

  add(draft: DraftMessage): void {
    if (this.messages.length >= LIMITS.maxMessages) {
      throw new IngestError(
        `transcript has more than ${LIMITS.maxMessages} messages (after splitting tool calls one per message)`,
        draft.field,
      );
    }
    checkContentLength(draft.content, `${draft.field}.content`);
    if (draft.toolArguments !== undefined) checkContentLength(draft.toolArguments, `${draft.field}.arguments`);

    const seq = draft.seq ?? this.messages.length;
    const previous = this.messages[this.messages.length - 1];
    if (previous !== undefined && seq <= previous.seq) {
      throw new IngestError(`${draft.field}.seq must be greater than the previous message's seq`, `${draft.field}.seq`);
    }

    const thread = draft.thread ?? "";
    const explicit = draft.recipients === undefined ? null : dedupe(draft.recipients);
    if (explicit !== null && explicit.length > LIMITS.maxRecipients) {
      throw new IngestError(`${draft.field} has more than ${LIMITS.maxRecipients} recipients`, `${draft.field}.recipients`);
    }
    this.declareParticipant(draft.sender);
    for (const r of explicit ?? []) this.declareParticipant(r);

    const metadata: JsonRecord = draft.metadata ? { ...draft.metadata } : {};
    const createdAt = normaliseTime(draft.createdAt, metadata);

    const message: PendingMessage = {
      seq,
      sender: draft.sender,
      explicitRecipients: explicit,
      recipientsExplicit: explicit !== null,
      replyTo: this.previousSender(thread),
      kind: draft.kind,
      content: draft.content,
    };
    if (draft.toolName !== undefined) message.toolName = draft.toolName;
    if (draft.toolArguments !== undefined) message.toolArguments = draft.toolArguments;
    if (draft.toolCallId !== undefined) message.toolCallId = draft.toolCallId;
    if (createdAt !== undefined) message.createdAt = createdAt;
    if (Object.keys(metadata).length > 0) {
      const cloned = cloneJson(metadata, `${draft.field}.metadata`);
      if (isRecord(cloned)) message.metadata = cloned;
    }

    if (draft.kind === "tool_call" && draft.toolCallId !== undefined && !this.toolCalls.has(draft.toolCallId)) {
      this.toolCalls.set(draft.toolCallId, { sender: draft.sender, name: draft.toolName });
    }
    this.lastSenderByThread.set(thread, draft.sender);
    this.messages.push(message);
  }

  /**
   * What a request stores and rolls up grows with its recipients, not its size in bytes: a
   * message to everyone counts every other participant. Counted before any broadcast list is
   * made (the lists themselves are what must stay bounded); pairs are counted from above
   * (every broadcaster with every participant, plus each explicit pair).
   */
  private checkFanOut(): void {
    let entries = 0;
    const broadcasters = new Set<string>();
    const explicitPairs = new Map<string, Set<string>>();
    for (const m of this.messages) {
      if (m.explicitRecipients === null) {
        entries += this.participants.length - (this.participantSet.has(m.sender) ? 1 : 0);
        broadcasters.add(m.sender);
        continue;
      }
      entries += m.explicitRecipients.length;
      if (entries > LIMITS.maxRecipientEntries) break;
      let to = explicitPairs.get(m.sender);
      if (!to) explicitPairs.set(m.sender, (to = new Set()));
      for (const r of m.explicitRecipients) to.add(r);
    }
    if (entries > LIMITS.maxRecipientEntries) {
      throw new IngestError(
        `transcript addresses ${entries} recipients in all (a message to everyone counts every other participant); at most ${LIMITS.maxRecipientEntries} per request`,
        "transcript",
      );
    }
    let pairs = broadcasters.size * Math.max(0, this.participants.length - 1);
    for (const to of explicitPairs.values()) pairs += to.size;
    if (pairs > LIMITS.maxRecipientPairs) {
      throw new IngestError(
        `transcript has up to ${pairs} distinct sender-recipient pairs (a message to everyone pairs its sender with every other participant); at most ${LIMITS.maxRecipientPairs} per request`,
        "transcript",
      );
    }
  }

  build(): CanonicalTranscript {
    if (this.messages.length === 0) throw new IngestError("transcript contains no messages", "transcript");
    this.checkFanOut();
    const messages: CanonicalMessage[] = this.messages.map(({ explicitRecipients, ...m }) => ({
      ...m,
      // Broadcast: every other participant of the whole transcript. The hash does not depend on
      // this list (see chain.ts), so a longer transcript with new participants stays consistent.
      recipients: explicitRecipients ?? this.participants.filter((p) => p !== m.sender),
    }));
    return { format: this.format, participants: [...this.participants], messages };
  }
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)];
}

/**
 * Accepts ISO strings and epoch seconds/milliseconds of the years 0001-9999; anything else
 * (including a time PostgreSQL cannot store) is kept verbatim in metadata.
 */
function normaliseTime(raw: unknown, metadata: JsonRecord): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let date: Date | null = null;
  if (typeof raw === "string" && raw.length <= 64) date = new Date(raw);
  else if (typeof raw === "number" && Number.isFinite(raw)) date = new Date(raw < 1e11 ? raw * 1000 : raw);
  if (date !== null && isStorableInstant(date)) return date.toISOString();
  // Never String() an input object: a JSON key named "toString" would make that throw.
  metadata.raw_created_at = typeof raw === "string" || typeof raw === "number" ? String(raw).slice(0, 64) : "(not a time)";
  return undefined;
}

/** The readable rendering of a tool call used as its content. */
export function renderToolCall(name: string, args: string | undefined): string {
  return `${name}(${args ?? ""})`;
}
