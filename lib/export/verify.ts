/**
 * Verifies an audit bundle (lib/export/bundle.ts) line by line, in constant memory, and names the
 * first record that was changed, removed, inserted or reordered: its position (1-based among the
 * bundle's records), its line, its segment (conversation) and seq.
 *
 * To tell a removed record from a reordered one, and a changed one from an inserted one, the
 * verifier reads ahead within the segment once it has found the first problem; it never keeps
 * more than the current segment's last hash.
 *
 * Pure module, shared by `npm run verify` and the dashboard's verify route.
 */
import { createHash } from "node:crypto";
import { sha256 } from "@/lib/ingest/chain";
import {
  BUNDLE_FORMAT,
  BUNDLE_KINDS,
  BUNDLE_VERSION,
  chainOf,
  type BundleKind,
  type BundleManifest,
  type BundleRecord,
  type SegmentEndLine,
  type SegmentLine,
  type TrailerLine,
} from "./bundle";

export type VerifyProblem = "changed" | "removed" | "inserted" | "reordered" | "truncated" | "malformed" | "unanchored";

export interface VerifyOk {
  ok: true;
  kind: BundleKind;
  records: number;
  segments: number;
  findings: number;
  firstHash: string | null;
  lastHash: string | null;
  manifest: BundleManifest;
}

export interface VerifyFailure {
  ok: false;
  problem: VerifyProblem;
  /** The manifest's kind, when the manifest could be read. */
  kind: BundleKind | null;
  /** 1-based position among the bundle's records; null when no record is at fault (manifest, trailer). */
  position: number | null;
  /** 1-based line of the file where the problem shows. */
  line: number;
  /** The conversation (or other segment) and seq of the record concerned, where known. */
  segment: string | null;
  seq: number | null;
  message: string;
}

export type VerifyResult = VerifyOk | VerifyFailure;

interface Line {
  text: string;
  number: number;
  value: Record<string, unknown> | null;
}

class LineReader {
  private readonly iterator: AsyncIterator<string>;
  number = 0;
  constructor(lines: AsyncIterable<string>) {
    this.iterator = lines[Symbol.asyncIterator]();
  }
  async next(): Promise<Line | null> {
    const step = await this.iterator.next();
    if (step.done) return null;
    this.number += 1;
    let value: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(step.value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) value = parsed as Record<string, unknown>;
    } catch {
      value = null;
    }
    return { text: step.value, number: this.number, value };
  }
  /** Lets the source close (a file handle, a request body) once the verdict is known. */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

interface OpenSegment {
  key: string;
  expected: number;
  prev: string | null;
  records: number;
}

const isRecord = (l: Line | null): l is Line & { value: BundleRecord & Record<string, unknown> } =>
  l?.value?.type === "record" && Number.isInteger(l.value.seq) && typeof l.value.segment === "string";

export async function verifyBundle(lines: AsyncIterable<string>): Promise<VerifyResult> {
  const reader = new LineReader(lines);
  try {
    return await verify(reader);
  } finally {
    await reader.close();
  }
}

async function verify(reader: LineReader): Promise<VerifyResult> {
  let kind: BundleKind | null = null;
  const fail = (problem: VerifyProblem, line: number, message: string, at: { position?: number | null; segment?: string | null; seq?: number | null } = {}): VerifyFailure => ({
    ok: false,
    problem,
    kind,
    position: at.position ?? null,
    line,
    segment: at.segment ?? null,
    seq: at.seq ?? null,
    message,
  });

  const first = await reader.next();
  const manifest = first?.value as BundleManifest | null | undefined;
  if (!first || !manifest || manifest.type !== "manifest" || manifest.format !== BUNDLE_FORMAT) {
    return fail("malformed", 1, "The first line is not a Warden audit bundle manifest.");
  }
  if (manifest.version !== BUNDLE_VERSION || !BUNDLE_KINDS.includes(manifest.kind)) {
    return fail("malformed", 1, `Unsupported bundle version ${String(manifest.version)} or kind ${String(manifest.kind)}.`);
  }
  kind = manifest.kind;
  const chain = chainOf(manifest.kind);
  const manifestSha256 = sha256(`${first.text}\n`);
  const body = createHash("sha256");

  let position = 0;
  let segments = 0;
  let findings = 0;
  let firstHash: string | null = null;
  let lastHash: string | null = null;
  let open: OpenSegment | null = null;

  for (;;) {
    const line = await reader.next();
    if (!line) {
      return fail("truncated", reader.number + 1, "The bundle ends before its trailer: records at the end were removed or the file was cut.", {
        position: position + 1,
      });
    }
    const value = line.value;
    if (!value || typeof value.type !== "string") {
      return fail("malformed", line.number, `Line ${line.number} is not a bundle line (not a JSON object with a type).`, {
        position: position + 1,
      });
    }
    if (value.type === "trailer") {
      return checkTrailer(reader, value as unknown as TrailerLine, line, {
        manifest,
        manifestSha256,
        bodySha256: body.digest("hex"),
        position,
        segments,
        findings,
        firstHash,
        lastHash,
        open,
        fail,
      });
    }
    body.update(`${line.text}\n`, "utf8");

    if (value.type === "segment") {
      const segment = value as unknown as SegmentLine;
      if (open) {
        return fail("removed", line.number, `Segment ${open.key} has no end line: its last records were removed.`, {
          position: position + 1,
          segment: open.key,
          seq: open.expected,
        });
      }
      const anchor = segment.anchor as Partial<SegmentLine["anchor"]> | undefined;
      if (typeof segment.segment !== "string" || !Number.isInteger(anchor?.seq) || !(typeof anchor?.hash === "string" || anchor?.hash === null)) {
        return fail("malformed", line.number, `Line ${line.number} is a segment line without a valid anchor.`, { position: position + 1 });
      }
      open = { key: segment.segment, expected: anchor.seq! + 1, prev: anchor.hash, records: 0 };
      segments += 1;
      continue;
    }

    if (value.type === "segment_end") {
      const end = value as unknown as SegmentEndLine;
      if (!open || end.segment !== open.key) {
        return fail("malformed", line.number, `Line ${line.number} ends a segment that was not open.`, { position: position + 1 });
      }
      const complete = end.records === open.records && (open.records === 0 || (end.lastSeq === open.expected - 1 && end.lastHash === open.prev));
      if (!complete) {
        return end.records > open.records
          ? fail("removed", line.number, `${open.key}: the record with seq ${open.expected} (and any after it) was removed from the end of the segment.`, {
              position: position + 1,
              segment: open.key,
              seq: open.expected,
            })
          : fail("inserted", line.number, `${open.key}: the record at position ${position} was added after the segment's last record.`, {
              position,
              segment: open.key,
              seq: open.expected - 1,
            });
      }
      open = null;
      continue;
    }

    if (value.type !== "record") {
      return fail("malformed", line.number, `Line ${line.number} has an unknown type.`, { position: position + 1 });
    }
    position += 1;
    if (!isRecord(line)) return fail("malformed", line.number, `Record at position ${position} has no seq or segment.`, { position });
    const record = line.value;
    const at = { position, segment: record.segment, seq: record.seq };
    if (!open || record.segment !== open.key) {
      return fail("inserted", line.number, `Record at position ${position} (${record.segment}, seq ${record.seq}) is outside its segment.`, at);
    }
    if (open.prev === null) {
      return fail("unanchored", line.number, `${open.key}: the chain's starting hash is unknown (earlier records are gone and no purge recorded them).`, at);
    }
    if (record.seq > open.expected) return findMissing(reader, open, line, at, fail);
    if (record.seq < open.expected) {
      return fail("inserted", line.number, `Record at position ${position} (${open.key}, seq ${record.seq}) repeats or precedes one already verified.`, at);
    }
    const broken = safeCheck(chain.check.bind(chain), open.prev, record);
    if (broken) return changedOrInserted(reader, chain, open, line, at, broken, fail);
    open.prev = chain.declaredHash(record);
    open.expected += 1;
    open.records += 1;
    findings += chain.findings(record);
    firstHash ??= open.prev;
    lastHash = open.prev;
  }
}

type Fail = (problem: VerifyProblem, line: number, message: string, at?: { position?: number | null; segment?: string | null; seq?: number | null }) => VerifyFailure;
type At = { position: number; segment: string; seq: number };

function safeCheck(check: (prev: string, r: BundleRecord) => ReturnType<ReturnType<typeof chainOf>["check"]>, prev: string, record: BundleRecord) {
  try {
    return check(prev, record);
  } catch {
    // A record whose fields cannot even be hashed (wrong types) was edited.
    return "content" as const;
  }
}

/** The record's seq skips ahead: the expected one is either later in the segment (reordered) or gone (removed). */
async function findMissing(reader: LineReader, open: OpenSegment, line: Line, at: At, fail: Fail): Promise<VerifyFailure> {
  for (;;) {
    const next = await reader.next();
    if (!isRecord(next) || next.value.segment !== open.key) break;
    if (next.value.seq === open.expected) {
      return fail("reordered", line.number, `Record at position ${at.position} (${open.key}) is out of order: seq ${at.seq} stands where seq ${open.expected} belongs (found later, at line ${next.number}).`, {
        ...at,
        seq: open.expected,
      });
    }
  }
  return fail("removed", line.number, `${open.key}: the record with seq ${open.expected} was removed; it belonged at position ${at.position}.`, {
    ...at,
    seq: open.expected,
  });
}

/** The record has the expected seq but does not hash: edited, unless the real one follows it (inserted). */
async function changedOrInserted(
  reader: LineReader,
  chain: ReturnType<typeof chainOf>,
  open: OpenSegment,
  line: Line,
  at: At,
  broken: "content" | "chain",
  fail: Fail,
): Promise<VerifyFailure> {
  const next = await reader.next();
  if (isRecord(next) && next.value.segment === open.key && next.value.seq === open.expected && open.prev && !safeCheck(chain.check.bind(chain), open.prev, next.value)) {
    return fail("inserted", line.number, `Record at position ${at.position} (${open.key}, seq ${at.seq}) was inserted: the genuine record with that seq follows it.`, at);
  }
  const what = broken === "content" ? "its content does not match its hash" : "it does not chain from the record before it";
  return fail("changed", line.number, `Record at position ${at.position} (${open.key}, seq ${at.seq}) was changed: ${what}.`, at);
}

async function checkTrailer(
  reader: LineReader,
  trailer: TrailerLine,
  line: Line,
  state: {
    manifest: BundleManifest;
    manifestSha256: string;
    bodySha256: string;
    position: number;
    segments: number;
    findings: number;
    firstHash: string | null;
    lastHash: string | null;
    open: OpenSegment | null;
    fail: Fail;
  },
): Promise<VerifyResult> {
  const { fail, position } = state;
  if (state.open) {
    return fail("removed", line.number, `Segment ${state.open.key} has no end line: its last records were removed.`, {
      position: position + 1,
      segment: state.open.key,
      seq: state.open.expected,
    });
  }
  if (typeof trailer.records !== "number" || trailer.records < position) {
    return fail("inserted", line.number, `The bundle holds more records than its trailer counts: the record at position ${(trailer.records ?? 0) + 1} was added.`, {
      position: (trailer.records ?? 0) + 1,
    });
  }
  if (trailer.records > position) {
    return fail("removed", line.number, `The trailer counts ${trailer.records} records but the bundle holds ${position}: records were removed.`, {
      position: position + 1,
    });
  }
  if (trailer.lastHash !== state.lastHash || trailer.firstHash !== state.firstHash || trailer.segments !== state.segments) {
    return fail("changed", line.number, "The trailer's first or last hash or segment count does not match the records.", { position });
  }
  if (trailer.manifestSha256 !== state.manifestSha256) {
    return fail("changed", 1, "The manifest was changed after export (its hash does not match the trailer).");
  }
  if (trailer.bodySha256 !== state.bodySha256) {
    return fail("changed", line.number, "A line outside the chained fields (findings, a verdict, a segment line) was changed: the body hash does not match the trailer.");
  }
  for (;;) {
    const extra = await reader.next();
    if (!extra) break;
    if (extra.text.trim() === "") continue;
    return fail("inserted", extra.number, `Line ${extra.number} was appended after the trailer.`, {
      position: position + 1,
      segment: isRecord(extra) ? extra.value.segment : null,
      seq: isRecord(extra) ? extra.value.seq : null,
    });
  }
  return {
    ok: true,
    kind: state.manifest.kind,
    records: position,
    segments: state.segments,
    findings: state.findings,
    firstHash: state.firstHash,
    lastHash: state.lastHash,
    manifest: state.manifest,
  };
}

/** Longest line accepted: a message holds at most a million characters, plus its hashes and findings. */
export const MAX_LINE_CHARS = 16_000_000;

/**
 * Splits a byte or text stream into lines ("\n" separated; a final empty line is dropped) without
 * joining it whole. A line longer than `maxLineChars` is a RangeError, not an unbounded buffer.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  for await (const chunk of chunks) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let index = pending.indexOf("\n");
    while (index >= 0) {
      yield pending.slice(start, index);
      start = index + 1;
      index = pending.indexOf("\n", start);
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) throw new RangeError(`A line of the bundle is longer than ${maxLineChars} characters.`);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending;
}
