/**
 * The audit bundle: one JSON Lines file that proves its records were not edited afterwards.
 *
 *   line 1        {"type":"manifest", format, version, kind, organization, project, range, filters,
 *                  exportedAt, exporter, chain}
 *   per segment   {"type":"segment", segment, anchor: {seq, hash, source}}   (a conversation, or the
 *                  organization's audit chain, or the export's own chain of events)
 *   per record    {"type":"record", segment, seq, ...fields, hash fields}    in seq order
 *                 {"type":"segment_end", segment, records, lastSeq, lastHash}
 *   last line     {"type":"trailer", records, segments, findings, firstHash, lastHash,
 *                  manifestSha256, bodySha256}
 *
 * Each record's hash covers its canonical content and the previous record's hash:
 *   conversations  the ingest chain, exactly as computed when the message was stored (lib/ingest/chain)
 *   audit_log      the organization's audit chain (lib/audit/chain)
 *   events         scan events have no stored chain, so the export chains them itself, in the same
 *                  construction (previous hash + "\n" + canonical JSON of the event)
 * The anchor is the hash the segment's chain starts from: 64 zeros at the beginning of a chain,
 * else the hash of the record just before (the previous message, or the last message a retention
 * purge removed, kept in PurgedRange). The segment_end lines and the trailer (counts, last hash,
 * a SHA-256 over the manifest line and one over every line between it and the trailer) make a
 * truncated file, a removed last record and a record appended at the end detectable too.
 *
 * Pure module (node:crypto only), shared by the exporter, `npm run verify` and the verify route.
 */
import { createHash, type Hash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical-json";
import { auditEntryHash, type ChainedAuditEntry } from "@/lib/audit/chain";
import type { MessageKind } from "@/lib/ingest/canonical";
import { chainHash, contentHash, GENESIS_HASH, sha256, storedMessageForm } from "@/lib/ingest/chain";

export const BUNDLE_FORMAT = "warden-audit-bundle";
export const BUNDLE_VERSION = 1;
export const BUNDLE_KINDS = ["conversations", "events", "audit_log"] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];

const CHAIN_DESCRIPTIONS: Record<BundleKind, string> = {
  conversations:
    "per conversation: chainHash = sha256(previous chainHash or anchor + '\\n' + canonical message form), as stored at ingest",
  events: "per export: hash = sha256(previous hash or 64 zeros + '\\n' + canonical JSON of the event)",
  audit_log: "per organization: hash = sha256(prevHash or 64 zeros + '\\n' + canonical audit entry)",
};

export interface BundleManifest {
  type: "manifest";
  format: typeof BUNDLE_FORMAT;
  version: number;
  kind: BundleKind;
  organization: { id: string; name?: string };
  project: { id: string; slug: string; name: string } | null;
  range: { from: string | null; to: string | null };
  filters: Record<string, unknown>;
  exportedAt: string;
  exporter: { type: string; label: string };
  chain: string;
}
export type BundleManifestInput = Omit<BundleManifest, "type" | "format" | "version" | "kind" | "chain">;

export interface BundleAnchor {
  /** Seq of the record whose hash is the anchor: one before the segment's first record. */
  seq: number;
  /** Null when the start cannot be established (the predecessor is gone and no purge recorded it). */
  hash: string | null;
  source: "genesis" | "previous_record" | "purged_range" | "unknown";
}

export interface SegmentLine {
  type: "segment";
  segment: string;
  anchor: BundleAnchor;
  /** What the segment is, for a reader: the conversation's internal id, its framework... */
  about?: Record<string, unknown>;
}
export interface SegmentEndLine {
  type: "segment_end";
  segment: string;
  records: number;
  lastSeq: number | null;
  lastHash: string | null;
}
export interface TrailerLine {
  type: "trailer";
  records: number;
  segments: number;
  findings: number;
  firstHash: string | null;
  lastHash: string | null;
  manifestSha256: string;
  bodySha256: string;
}

/** A message of a conversation with its canonical fields, its hashes and the findings of its scan. */
export interface MessageRecord {
  type: "record";
  segment: string;
  seq: number;
  sender: string;
  recipients: string[];
  recipientsExplicit: boolean;
  kind: MessageKind;
  content: string;
  toolName?: string;
  toolArguments?: string;
  toolCallId?: string;
  sentAt: string;
  verdict: string | null;
  findings: unknown[];
  contentHash: string;
  chainHash: string;
}

/** A message record from stored columns (null tool fields are left out, as the canonical form leaves them out). */
export function messageRecord(
  segment: string,
  m: Pick<MessageRecord, "seq" | "sender" | "recipients" | "recipientsExplicit" | "kind" | "content" | "sentAt" | "contentHash" | "chainHash"> & {
    toolName?: string | null;
    toolArguments?: string | null;
    toolCallId?: string | null;
    verdict: string | null;
    findings: unknown[] | null;
  },
): MessageRecord {
  return {
    type: "record",
    segment,
    seq: m.seq,
    sender: m.sender,
    recipients: m.recipients,
    recipientsExplicit: m.recipientsExplicit,
    kind: m.kind,
    content: m.content,
    ...(m.toolName != null ? { toolName: m.toolName } : {}),
    ...(m.toolArguments != null ? { toolArguments: m.toolArguments } : {}),
    ...(m.toolCallId != null ? { toolCallId: m.toolCallId } : {}),
    sentAt: m.sentAt,
    verdict: m.verdict,
    findings: m.findings ?? [],
    contentHash: m.contentHash,
    chainHash: m.chainHash,
  };
}

/** A scan event; `hash` chains it to the previous event of the export. */
export interface EventRecord {
  type: "record";
  segment: string;
  seq: number;
  event: Record<string, unknown>;
  hash: string;
}

/** An admin audit log entry with its stored chain columns. */
export type AuditRecord = { type: "record"; segment: string; seq: number } & Omit<ChainedAuditEntry, "seq">;

export type BundleRecord = MessageRecord | EventRecord | AuditRecord;
type RecordOf<K extends BundleKind> = K extends "conversations" ? MessageRecord : K extends "events" ? EventRecord : AuditRecord;

/** Why a record does not follow from `prev`: its content does not hash to its content hash, or the chain link is wrong. */
export type RecordCheck = "content" | "chain" | null;

interface KindChain<R> {
  declaredHash(record: R): string | null;
  check(prev: string, record: R): RecordCheck;
  findings(record: R): number;
}


export function eventHash(prev: string, seq: number, event: Record<string, unknown>): string {
  return sha256(`${prev}\n${canonicalJson({ seq, event })}`);
}

const CHAINS: { [K in BundleKind]: KindChain<RecordOf<K>> } = {
  conversations: {
    declaredHash: (r) => r.chainHash,
    check(prev, r) {
      const form = storedMessageForm(r);
      if (contentHash(form) !== r.contentHash) return "content";
      return chainHash(prev, form) === r.chainHash ? null : "chain";
    },
    findings: (r) => (Array.isArray(r.findings) ? r.findings.length : 0),
  },
  events: {
    declaredHash: (r) => r.hash,
    check: (prev, r) => (eventHash(prev, r.seq, r.event) === r.hash ? null : "chain"),
    findings: (r) => (Array.isArray(r.event.findings) ? r.event.findings.length : 0),
  },
  audit_log: {
    declaredHash: (r) => r.hash,
    check(prev, r) {
      if ((r.prevHash ?? GENESIS_HASH) !== prev) return "chain";
      return auditEntryHash(prev, r) === r.hash ? null : "content";
    },
    findings: () => 0,
  },
};

export function chainOf(kind: BundleKind): KindChain<BundleRecord> {
  return CHAINS[kind] as KindChain<BundleRecord>;
}

export function genesisAnchor(kind: BundleKind): BundleAnchor {
  // The audit chain counts from 1, message seqs from 0, the export's event chain from 0.
  return { seq: kind === "audit_log" ? 0 : -1, hash: GENESIS_HASH, source: "genesis" };
}

/**
 * Writes a bundle as lines (each ending in "\n"), keeping the running counts and hashes the
 * segment ends and the trailer need. Holds one segment's state, never the records.
 */
export class BundleWriter<K extends BundleKind> {
  private readonly body: Hash = createHash("sha256");
  private readonly chain: KindChain<RecordOf<K>>;
  private manifestSha256 = "";
  private records = 0;
  private segments = 0;
  private findings = 0;
  private firstHash: string | null = null;
  private lastHash: string | null = null;
  private open: { segment: string; records: number; lastSeq: number | null; lastHash: string | null } | null = null;

  constructor(
    readonly kind: K,
    private readonly manifest: BundleManifestInput,
  ) {
    this.chain = CHAINS[kind] as KindChain<RecordOf<K>>;
  }

  get recordCount(): number {
    return this.records;
  }

  manifestLine(): string {
    const line: BundleManifest = {
      type: "manifest",
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      kind: this.kind,
      ...this.manifest,
      chain: CHAIN_DESCRIPTIONS[this.kind],
    };
    const text = `${JSON.stringify(line)}\n`;
    this.manifestSha256 = sha256(text);
    return text;
  }

  /** Starts a segment (closing the previous one). */
  segment(segment: string, anchor: BundleAnchor, about?: Record<string, unknown>): string {
    const line: SegmentLine = { type: "segment", segment, anchor, ...(about ? { about } : {}) };
    const text = this.closeSegment() + this.bodyLine(line);
    this.open = { segment, records: 0, lastSeq: anchor.seq, lastHash: anchor.hash };
    this.segments += 1;
    return text;
  }

  /** The hash the next event record chains from (events are chained by the export). */
  nextEventRecord(seq: number, event: Record<string, unknown>): EventRecord {
    if (!this.open) throw new Error("bundle: a record needs an open segment");
    const prev = this.open.lastHash ?? GENESIS_HASH;
    return { type: "record", segment: this.open.segment, seq, event, hash: eventHash(prev, seq, event) };
  }

  record(record: RecordOf<K>): string {
    if (!this.open || record.segment !== this.open.segment) throw new Error("bundle: a record must follow its segment line");
    const hash = this.chain.declaredHash(record);
    this.records += 1;
    this.findings += this.chain.findings(record);
    this.firstHash ??= hash;
    this.lastHash = hash;
    this.open.records += 1;
    this.open.lastSeq = record.seq;
    this.open.lastHash = hash;
    return this.bodyLine(record);
  }

  trailer(): string {
    const text = this.closeSegment();
    const line: TrailerLine = {
      type: "trailer",
      records: this.records,
      segments: this.segments,
      findings: this.findings,
      firstHash: this.firstHash,
      lastHash: this.lastHash,
      manifestSha256: this.manifestSha256,
      bodySha256: this.body.copy().digest("hex"),
    };
    return `${text}${JSON.stringify(line)}\n`;
  }

  private closeSegment(): string {
    if (!this.open) return "";
    const { segment, records, lastSeq, lastHash } = this.open;
    this.open = null;
    const line: SegmentEndLine = { type: "segment_end", segment, records, lastSeq: records ? lastSeq : null, lastHash: records ? lastHash : null };
    return this.bodyLine(line);
  }

  private bodyLine(value: unknown): string {
    const text = `${JSON.stringify(value)}\n`;
    this.body.update(text, "utf8");
    return text;
  }
}

/**
 * The lines of an audit_log bundle, for the admin audit log's exporter: `entries` in seq order,
 * starting right after `anchor` (genesisAnchor("audit_log") for a whole chain).
 */
export async function* auditLogBundleLines(input: {
  manifest: BundleManifestInput;
  organizationId: string;
  anchor: BundleAnchor;
  entries: AsyncIterable<ChainedAuditEntry> | Iterable<ChainedAuditEntry>;
}): AsyncGenerator<string> {
  const writer = new BundleWriter("audit_log", input.manifest);
  yield writer.manifestLine();
  yield writer.segment(input.organizationId, input.anchor);
  for await (const entry of input.entries) {
    // An entry not yet linked into the chain cannot be proven; recordAudit links them first.
    if (entry.seq === null || entry.hash === null) throw new Error("audit bundle: every entry must be chained (seq and hash set)");
    yield writer.record({ type: "record", segment: input.organizationId, ...entry, seq: entry.seq, createdAt: toIso(entry.createdAt) });
  }
  yield writer.trailer();
}

function toIso(value: string | Date): string {
  return typeof value === "string" ? value : value.toISOString();
}
