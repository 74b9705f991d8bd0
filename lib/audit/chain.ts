/**
 * The admin audit log's hash chain, one chain per organization.
 *
 * canonicalAuditEntry(fields) is a JSON object with keys in sorted order, no whitespace, every
 * string NFC-normalised (metadata included, at every depth; see canonical-json.ts), containing:
 *
 *   seq, organizationId, projectId, actorType, actorId, actorLabel, action, targetType, targetId,
 *   metadata, sourceIp, createdAt (ISO 8601 in UTC with milliseconds, as timestamp(3) stores it)
 *
 * Absent optional values are null, never missing, so "no project" and "project omitted" hash
 * alike. The row's id is not covered: it is a storage detail, and seq already fixes the position.
 *
 * auditEntryHash(prev, fields) = hex SHA-256 of (previous entry's hash, or 64 zeros for seq 1)
 * + "\n" + canonical form: the same construction as the message chain in lib/ingest/chain.ts.
 *
 * This module has no database or server-only imports so `npm run verify` can use it on a file.
 */
import { GENESIS_HASH, sha256 } from "@/lib/ingest/chain";
import { canonicalJson } from "./canonical-json";

export interface AuditChainFields {
  seq: number;
  organizationId: string;
  projectId: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  metadata: unknown;
  sourceIp: string | null;
  /** ISO 8601, e.g. 2026-11-26T15:25:04.123Z; a Date is accepted and converted. */
  createdAt: string | Date;
}

/** A stored (or exported) entry: its chained fields plus the chain columns. */
export interface ChainedAuditEntry extends Omit<AuditChainFields, "seq"> {
  /** Null for an entry written before the chain existed and not yet linked. */
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

export function canonicalAuditEntry(fields: AuditChainFields): string {
  return canonicalJson({
    seq: fields.seq,
    organizationId: fields.organizationId,
    projectId: fields.projectId ?? null,
    actorType: fields.actorType,
    actorId: fields.actorId ?? null,
    actorLabel: fields.actorLabel,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId ?? null,
    metadata: fields.metadata ?? {},
    sourceIp: fields.sourceIp ?? null,
    createdAt: isoTimestamp(fields.createdAt),
  });
}

export function auditEntryHash(prevHash: string | null, fields: AuditChainFields): string {
  return sha256(`${prevHash ?? GENESIS_HASH}\n${canonicalAuditEntry(fields)}`);
}

/**
 * Why a chain does not verify, at the first entry where it stops doing so:
 * - missing: this entry's seq is past the next expected one (entries before it were deleted)
 * - out_of_order: seq is at or before one already seen (a row was inserted, duplicated or moved)
 * - prev_hash_mismatch: the entry does not point at its predecessor's hash
 * - altered: the entry's content does not hash to its stored hash (edited)
 * - unchained: the entry has no hash at all
 * - truncated: the chain ends before the expected last entry (entries at the end were deleted)
 * - end_mismatch: the chain goes past, or ends on another hash than, the expected last entry
 */
export type AuditChainBreak =
  | "missing"
  | "out_of_order"
  | "prev_hash_mismatch"
  | "altered"
  | "unchained"
  | "truncated"
  | "end_mismatch";

export type AuditChainResult =
  | { ok: true; count: number; lastSeq: number | null; lastHash: string | null }
  | { ok: false; position: number; seq: number | null; reason: AuditChainBreak; count: number };

export interface AuditChainAnchor {
  /** Seq and hash of the entry just before the first one given (for a chain verified from the middle). */
  after?: { seq: number; hash: string };
  /** What the last entry must be (from a manifest or the database), so deleting the tail is detected. */
  expectLast?: { seq: number; hash: string };
}

/**
 * Checks entries given in seq order from the start of the chain (or from `anchor.after`).
 * `position` is the 0-based index in `entries` of the first entry that fails; for a truncated
 * chain it is entries.length.
 */
export function verifyAuditChain(entries: Iterable<ChainedAuditEntry>, anchor: AuditChainAnchor = {}): AuditChainResult {
  let expectedSeq = (anchor.after?.seq ?? 0) + 1;
  let prev: string | null = anchor.after?.hash ?? null;
  let position = 0;
  for (const entry of entries) {
    const broken = (reason: AuditChainBreak): AuditChainResult => ({ ok: false, position, seq: entry.seq ?? null, reason, count: position });
    if (entry.hash == null || entry.seq == null) return broken("unchained");
    if (entry.seq > expectedSeq) return broken("missing");
    if (entry.seq < expectedSeq) return broken("out_of_order");
    if ((entry.prevHash ?? null) !== prev) return broken("prev_hash_mismatch");
    if (auditEntryHash(prev, { ...entry, seq: entry.seq }) !== entry.hash) return broken("altered");
    prev = entry.hash;
    expectedSeq += 1;
    position += 1;
  }
  const lastSeq = expectedSeq - 1 === (anchor.after?.seq ?? 0) ? null : expectedSeq - 1;
  if (anchor.expectLast && (lastSeq !== anchor.expectLast.seq || prev !== anchor.expectLast.hash)) {
    const reason = (lastSeq ?? 0) < anchor.expectLast.seq ? "truncated" : "end_mismatch";
    return { ok: false, position, seq: lastSeq, reason, count: position };
  }
  return { ok: true, count: position, lastSeq, lastHash: position === 0 ? (anchor.after?.hash ?? null) : prev };
}

function isoTimestamp(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${String(value)}`);
  return date.toISOString();
}
