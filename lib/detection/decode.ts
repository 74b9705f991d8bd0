// Encoded payloads (base64, hex, URL encoding, ROT13) are decoded and scanned like any
// other text, because "run this: YmFzaCAtaSA+JiAvZGV2L3RjcC8..." is a classic evasion.
// Everything is bounded: depth, number of runs and total decoded size, so a hostile input
// (a megabyte of base64, base64 of base64 of ...) costs linear time at most.

import { cleanView, toOriginal, type View } from "./normalize";
import { Prefilter } from "./prefilter";

export const MAX_DECODE_DEPTH = 3;

export interface DecodeBudget {
  /** Characters of decoded text still allowed for this scan. */
  chars: number;
  /** Encoded runs still allowed to be decoded for this scan. */
  runs: number;
}

export function newBudget(): DecodeBudget {
  return { chars: 256 * 1024, runs: 64 };
}

// Character classes for the run scanner: 1 = base64 (std or url-safe), 2 = hex digit.
const RUN_CLASS = new Uint8Array(128);
{
  const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-";
  for (let i = 0; i < b64.length; i++) RUN_CLASS[b64.charCodeAt(i)] = (RUN_CLASS[b64.charCodeAt(i)] ?? 0) | 1;
  const hex = "0123456789ABCDEFabcdef";
  for (let i = 0; i < hex.length; i++) RUN_CLASS[hex.charCodeAt(i)] = (RUN_CLASS[hex.charCodeAt(i)] ?? 0) | 2;
}
const MIN_RUN = 16;

/**
 * Maximal base64 runs of >= 16 characters (plus up to two '=') and maximal hex runs of
 * even length >= 16, as [start, end) pairs. Equivalent to the regexes
 * /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/ and
 * /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])/, without their per-position cost.
 *
 * Sub-linear on ordinary text: every run of >= MIN_RUN characters covers one of the probe
 * positions p = 15, 31, 47, ... and, around such a p, position p - 8 or p + 8 as well, so
 * a probe whose character (or both of whose neighbours at distance 8) is outside the
 * alphabet rules out every run there. Only surviving probes measure their run. Hex runs
 * lie inside base64 runs (the hex digits are base64 characters), so they are looked for
 * inside the measured base64 runs only.
 */
function encodedRuns(t: string): { b64: number[]; hex: number[] } {
  const b64: number[] = [];
  const hex: number[] = [];
  const n = t.length;
  const half = MIN_RUN >> 1;
  for (let p = MIN_RUN - 1; p < n; p += MIN_RUN) {
    if (!isRunChar(t, p, 1)) continue;
    if (!isRunChar(t, p - half, 1) && !isRunChar(t, p + half, 1)) continue;
    let s = p;
    while (s > 0 && isRunChar(t, s - 1, 1)) s--;
    let e = p + 1;
    while (e < n && isRunChar(t, e, 1)) e++;
    if (e - s >= MIN_RUN) {
      let end = e;
      if (end < n && t.charCodeAt(end) === 61) end++;
      if (end < n && end - e < 2 && t.charCodeAt(end) === 61) end++;
      b64.push(s, end);
      let hs = -1;
      for (let i = s; i <= e; i++) {
        if (i < e && isRunChar(t, i, 2)) {
          if (hs < 0) hs = i;
        } else if (hs >= 0) {
          if (i - hs >= MIN_RUN && ((i - hs) & 1) === 0) hex.push(hs, i);
          hs = -1;
        }
      }
    }
    // Next probe past this run (its end is not a run character).
    while (p + MIN_RUN < e) p += MIN_RUN;
  }
  return { b64, hex };
}

/** Whether t[i] exists and is in RUN_CLASS class k (1 base64, 2 hex). */
function isRunChar(t: string, i: number, k: number): boolean {
  if (i < 0 || i >= t.length) return false;
  const c = t.charCodeAt(i);
  return c < 128 && ((RUN_CLASS[c] as number) & k) !== 0;
}
const HEX_ESCAPES = /(?:\\x[0-9A-Fa-f]{2}){4,}/g;
const PCT = /%[0-9A-Fa-f]{2}/g;
// ROT13 of words attacks rely on, plus explicit mentions of the cipher.
export const ROT13_WORDS = ["vtaber", "qvfertneq", "cerivbhf", "vafgehpgvbaf", "flfgrz cebzcg", "wnvyoernx", "cergraq", "onfu -v", "eriref", "rot13", "rot-13"];
const ROT13_PREFILTER = new Prefilter([ROT13_WORDS], [0]);
function rot13Hinted(t: string): boolean {
  // Keyword pass first (cheap); the exact regex only where a hint word occurs.
  return ROT13_PREFILTER.scan(t)[0] != null && ROT13_HINT.test(t);
}
const ROT13_HINT = /\b(?:vtaber|qvfertneq|cerivbhf|vafgehpgvbaf|flfgrz cebzcg|wnvyoernx|cergraq|onfu -v|eriref[rf]* furyy)\b|\brot-?13\b/i;

const B64_VALUE = new Int16Array(128).fill(-1);
{
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) B64_VALUE[a.charCodeAt(i)] = i;
  B64_VALUE[45] = 62; // '-' url-safe
  B64_VALUE[95] = 63; // '_' url-safe
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Base64 or base64url to bytes; skips characters outside the alphabet, stops at padding. */
export function decodeBase64(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4) + 3);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '='
    const v = c < 128 ? (B64_VALUE[c] ?? -1) : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function decodeHex(s: string): Uint8Array {
  const clean = s.replace(/\\x/g, "");
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i + 1 < clean.length; i += 2) {
    out[i >> 1] = (hexVal(clean.charCodeAt(i)) << 4) | hexVal(clean.charCodeAt(i + 1));
  }
  return out;
}

function decodePercent(s: string): string {
  const bytes: number[] = [];
  let decoded = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < s.length) {
      const h = hexVal(s.charCodeAt(i + 1));
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        bytes.push((h << 4) | l);
        i += 2;
        decoded++;
        continue;
      }
    }
    if (c < 0x80) bytes.push(c);
    else for (const b of new TextEncoder().encode(s[i] ?? "")) bytes.push(b);
  }
  return decoded > 0 ? utf8.decode(Uint8Array.from(bytes)) : "";
}

/**
 * Decoded text is only worth scanning when it reads as text: at least 90% printable
 * characters and a few letters. Random binary (hashes, compressed data) is rejected.
 */
function readable(bytes: Uint8Array): string | null {
  if (bytes.length < 6) return null;
  let printable = 0;
  let letters = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) printable++;
    else if (b >= 0x80) printable += 0.5; // UTF-8 sequences: accept but count half
    if ((b >= 65 && b <= 90) || (b >= 97 && b <= 122)) letters++;
  }
  if (printable / bytes.length < 0.9 || letters < 3) return null;
  return utf8.decode(bytes);
}

function looksEncodedRange(t: string, s: number, e: number): boolean {
  // Identifiers (CamelCase, snake_case) and paths are not base64: require a digit, '+'
  // or padding, and both letter cases. Base64 of 20+ characters of text almost always
  // has a digit, so this costs little recall and saves decoding most code tokens.
  let special = false;
  let upper = false;
  let lower = false;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 43 || c === 61) special = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
  }
  return special && upper && lower;
}

function child(parent: View, s: number, e: number, decoded: string, kind: string): View {
  const anchor = parent.anchor ?? toOriginal(parent, s, e);
  const v = cleanView(decoded);
  return {
    text: v.text,
    starts: null,
    ends: null,
    through: null,
    anchor,
    depth: parent.depth + 1,
    via: parent.via ? `${parent.via}>${kind}` : kind,
  };
}

function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (ch) => {
    const c = ch.charCodeAt(0);
    const base = c >= 97 ? 97 : 65;
    return String.fromCharCode(((c - base + 13) % 26) + base);
  });
}

/**
 * Decoded payloads found in a view, ready to be scanned. rot13Hint: whether a ROT13 hint
 * word occurs (the scan pipeline gets it from its combined keyword pass); computed here
 * when not given.
 */
export function decodedViews(v: View, budget: DecodeBudget, rot13Hint?: boolean): View[] {
  if (v.depth >= MAX_DECODE_DEPTH || budget.runs <= 0 || budget.chars <= 0) return [];
  const out: View[] = [];
  const t = v.text;
  const take = (s: number, e: number, text: string | null, kind: string): void => {
    if (text === null || text.length === 0 || budget.runs <= 0 || budget.chars <= 0) return;
    const clipped = text.length > budget.chars ? text.slice(0, budget.chars) : text;
    budget.runs--;
    budget.chars -= clipped.length;
    out.push(child(v, s, e, clipped, kind));
  };

  const runs = encodedRuns(t);
  for (let k = 0; k < runs.b64.length && budget.runs > 0 && budget.chars > 0; k += 2) {
    const s = runs.b64[k] ?? 0;
    const e = runs.b64[k + 1] ?? 0;
    // Identifiers and paths are not base64; cheap check before copying the run out.
    if (!looksEncodedRange(t, s, e)) continue;
    const run = t.slice(s, e);
    // Pure hex runs are handled by the hex decoder.
    if (/^[0-9A-Fa-f]+$/.test(run)) continue;
    const limit = Math.min(run.length, Math.floor((budget.chars * 4) / 3) & ~3);
    take(s, e, readable(decodeBase64(run.slice(0, limit))), "base64");
  }
  for (let k = 0; k < runs.hex.length && budget.runs > 0 && budget.chars > 0; k += 2) {
    const s = runs.hex[k] ?? 0;
    const e = runs.hex[k + 1] ?? 0;
    take(s, e, readable(decodeHex(t.slice(s, Math.min(e, s + budget.chars * 2)))), "hex");
  }
  let m: RegExpExecArray | null;
  if (t.indexOf("\\x") >= 0) {
    HEX_ESCAPES.lastIndex = 0;
    while ((m = HEX_ESCAPES.exec(t)) !== null && budget.runs > 0 && budget.chars > 0) {
      const run = m[0].slice(0, budget.chars * 2);
      take(m.index, m.index + m[0].length, readable(decodeHex(run)), "hex");
    }
  }

  // URL encoding: expand each %XX to its token (bounded), one decode per token.
  PCT.lastIndex = t.indexOf("%") >= 0 ? 0 : t.length;
  let tokenEnd = -1;
  while ((m = PCT.exec(t)) !== null && budget.runs > 0 && budget.chars > 0) {
    if (m.index < tokenEnd) continue;
    let s = m.index;
    let e = m.index + 3;
    const stop = (c: number): boolean => c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96;
    while (s > 0 && m.index - s < 4096 && !stop(t.charCodeAt(s - 1))) s--;
    while (e < t.length && e - m.index < 8192 && !stop(t.charCodeAt(e))) e++;
    tokenEnd = e;
    PCT.lastIndex = e;
    take(s, e, decodePercent(t.slice(s, e)), "url");
  }

  const head = t.length > 65536 ? t.slice(0, 65536) : t;
  if (rot13Hint === undefined ? rot13Hinted(head) : rot13Hint && ROT13_HINT.test(head)) {
    const r = rot13(t.length > budget.chars ? t.slice(0, budget.chars) : t);
    budget.runs--;
    budget.chars -= r.length;
    // ROT13 is a letter-for-letter substitution: offsets are unchanged.
    out.push({ text: r, starts: v.starts, ends: v.ends, through: v.through, anchor: v.anchor, depth: v.depth + 1, via: v.via ? `${v.via}>rot13` : "rot13" });
  }
  return out;
}
