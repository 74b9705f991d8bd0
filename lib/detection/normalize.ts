// Normalisation against evasion. Produces "views" of the text that detectors match on,
// each with an offset map back to the ORIGINAL text so every finding's span can be
// highlighted where the user actually sees it.
//
//  - clean view: NFKC, invisible characters (zero-width, bidi controls, variation
//    selectors) removed, Unicode "tag" characters decoded (ASCII smuggling), homoglyphs
//    folded to Latin, typographic quotes and dashes to ASCII. Case is preserved because
//    secrets and code are case-sensitive. Pure ASCII input takes a zero-copy fast path.
//  - words view: the clean view lower-cased, letters only, leetspeak folded, punctuation
//    inside words dropped ("ign.ore") and spaced-out letters joined ("i g n o r e").
//    Only the natural-language detectors (injection, jailbreak) use it.
//  - decoded views (see decode.ts): base64 / hex / URL-encoded / ROT13 payloads, whose
//    findings point at the whole encoded run in the original.

import type { Span } from "./types";
import { offsetMap } from "./arena";

export interface View {
  text: string;
  /**
   * view index -> original start offset; null means identity (view === original). When
   * `through` is set: view index -> index in that view (and `ends` is null).
   */
  starts: Uint32Array | null;
  /** view index -> original end offset (exclusive). */
  ends: Uint32Array | null;
  /**
   * The view `starts` indexes into, for a view derived from another one character by character
   * (the words view, from the clean view): one map of its own instead of two composed copies.
   */
  through: View | null;
  /** For decoded payloads: every span inside maps to this run of the original. */
  anchor: Span | null;
  /** Decoding depth: 0 for the original text. */
  depth: number;
  /** How this view was obtained, for explanations ("" for the original). */
  via: string;
}

/** Map a [s, e) range of a view back to the original text. */
export function toOriginal(v: View, s: number, e: number): Span {
  if (v.anchor) return { start: v.anchor.start, end: v.anchor.end };
  if (!v.starts || (!v.ends && !v.through)) return { start: s, end: e };
  const n = v.text.length;
  if (n === 0) return { start: 0, end: 0 };
  const a = Math.min(Math.max(s, 0), n - 1);
  const b = Math.min(Math.max(e - 1, a), n - 1);
  // (Indices through another view increase with the view's own: b maps at or after a.)
  if (v.through) return toOriginal(v.through, v.starts[a] ?? 0, (v.starts[b] ?? 0) + 1);
  return { start: v.starts[a] ?? 0, end: v.ends?.[b] ?? 0 };
}

// Characters that render as nothing (or only change direction) and are used to split
// keywords: zero-width space/joiners, bidi embeddings and isolates, word joiner,
// invisible operators, BOM, soft hyphen, Mongolian vowel separator, variation selectors;
// also C1 controls and U+FFFD, which is what the API makes of a NUL (lib/http/storable.ts):
// the text it scans and stores then scans as the one that was sent.
function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) ||
    cp === 0xfffd ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x180e ||
    cp === 0x034f ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    cp === 0xe0000 ||
    cp === 0xe0001 ||
    cp === 0xe007f
  );
}

// Look-alike letters from Cyrillic, Greek, Armenian and IPA that NFKC leaves alone.
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic lower
  "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
  "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h",
  "ԁ": "d", "ԛ": "q", "ԝ": "w", "ո": "n", "ս": "u", "ӏ": "l", "ɡ": "g", "ɑ": "a", "ı": "i",
  "ʟ": "l", "ɪ": "i", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ᴏ": "o", "ᴛ": "t", "ᴜ": "u",
  // Cyrillic upper
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
  "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
  // Greek
  "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
  "υ": "u", "χ": "x", "γ": "y", "ω": "w", "η": "n",
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
  "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
  // punctuation look-alikes that matter for code and delimiters
  "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
  "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "⁄": "/", "∕": "/",
  "｜": "|", "ǀ": "|", "\u00a0": " ",
};

const foldCache = new Map<number, string>();
const COMBINING = /\p{M}/gu;

function foldCodePoint(cp: number): string {
  const hit = foldCache.get(cp);
  if (hit !== undefined) return hit;
  const nfkc = String.fromCodePoint(cp).normalize("NFKC");
  let out = "";
  for (const ch of nfkc) {
    const h = HOMOGLYPHS[ch];
    if (h !== undefined) {
      out += h;
      continue;
    }
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    // Accented Latin ("ïgnore") -> base letter; other scripts stay as they are.
    const stripped = ch.normalize("NFD").replace(COMBINING, "");
    out += stripped;
  }
  if (foldCache.size < 8192) foldCache.set(cp, out);
  return out;
}

// Anything but printable ASCII and whitespace: non-ASCII, and the C0 controls (NUL, ESC...)
// and DEL, which render as nothing and split keywords ("ig\u0000nore") as zero-width spaces do.
const NEEDS_CLEANING = /[^\t\n\v\f\r\x20-\x7e]/;
const isAsciiControl = (c: number) => (c < 0x20 && (c < 9 || c > 13)) || c === 0x7f;

// Per BMP code unit: UNKNOWN (not computed yet), REMOVED (invisible / folds to nothing),
// MULTI (folds to several units: slow path), or the single folded code unit.
const UNKNOWN = -3;
const REMOVED = -2;
const MULTI = -1;
const FOLD1 = new Int32Array(0x10000).fill(UNKNOWN);

/** The clean view of the original text (identity for pure ASCII). */
export function cleanView(text: string): View {
  if (!NEEDS_CLEANING.test(text)) {
    return { text, starts: null, ends: null, through: null, anchor: null, depth: 0, via: "" };
  }
  const n = text.length;
  // Invariant: cap >= len + (characters left to read). Every character but a multi-unit
  // fold (ligatures, fractions: rare) writes at most one unit, so only that case checks
  // and grows the buffers. (The buffers are plain locals, not captured by a closure,
  // so the per-character path keeps them in registers.)
  let cap = n + 16;
  if (cleanScratch.length < cap) cleanScratch = new Uint16Array(Math.max(cap, cleanScratch.length * 2));
  let buf = cleanScratch;
  let st = offsetMap(cap);
  let en = offsetMap(cap);
  let len = 0;
  let wide = false;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (isAsciiControl(c)) {
        i++;
        continue;
      }
      buf[len] = c;
      st[len] = i;
      en[len] = i + 1;
      len++;
      i++;
      continue;
    }
    // BMP fast path: a cached single-unit fold (or removal) without building strings.
    if (c < 0xd800 || (c > 0xdfff && c <= 0xffff)) {
      let one = FOLD1[c] as number;
      if (one === UNKNOWN) {
        const f0 = isInvisible(c) ? "" : foldCodePoint(c);
        one = f0.length === 0 ? REMOVED : f0.length === 1 ? f0.charCodeAt(0) : MULTI;
        FOLD1[c] = one;
      }
      if (one === REMOVED) {
        i++;
        continue;
      }
      if (one >= 0) {
        if (one >= 0x80) wide = true;
        buf[len] = one;
        st[len] = i;
        en[len] = i + 1;
        len++;
        i++;
        continue;
      }
    }
    const cp = text.codePointAt(i) ?? c;
    const w = cp > 0xffff ? 2 : 1;
    let f: string;
    if (cp >= 0xe0020 && cp <= 0xe007e) {
      // Unicode tag characters mirror ASCII and are invisible: decode them (ASCII smuggling).
      f = String.fromCharCode(cp - 0xe0000);
    } else if (isInvisible(cp)) {
      f = "";
    } else {
      f = foldCodePoint(cp);
    }
    if (f.length > 0) {
      const need = len + f.length + (n - i - w);
      if (need > cap) {
        cap = Math.max(cap * 2, need);
        const nb = new Uint16Array(cap);
        nb.set(buf.subarray(0, len));
        buf = cleanScratch = nb;
        const ns = offsetMap(cap);
        ns.set(st.subarray(0, len));
        st = ns;
        const ne = offsetMap(cap);
        ne.set(en.subarray(0, len));
        en = ne;
      }
      for (let k = 0; k < f.length; k++) {
        const u = f.charCodeAt(k);
        if (u >= 0x80) wide = true;
        buf[len] = u;
        st[len] = i;
        en[len] = i + w;
        len++;
      }
    }
    i += w;
  }
  // Folding often leaves only ASCII (typographic quotes, dashes, accents): then a
  // one-byte string, which every later pass and regex reads faster.
  const out = len === 0 ? "" : wide ? utf16.decode(buf.subarray(0, len)) : asciiString(buf, len);
  return { text: out, starts: st.subarray(0, len), ends: en.subarray(0, len), through: null, anchor: null, depth: 0, via: "" };
}

// Per ASCII code: bit flags used by the words view (one table lookup per character).
const C_LETTER = 1;
const C_SPACE = 2;
const C_LEET = 4;
const C_JOINER = 8;
const CLASS = new Uint8Array(128);
// Leetspeak folding, applied only inside tokens that mix letters and these symbols.
const LEET = new Int16Array(128).fill(-1);
for (let c = 65; c <= 90; c++) CLASS[c] = C_LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = C_LETTER;
for (const c of [32, 9, 10, 11, 12, 13]) CLASS[c] = C_SPACE;
for (const [from, to] of ["0o", "1i", "3e", "4a", "5s", "7t", "8b", "@a", "$s"]) {
  const f = (from ?? "").charCodeAt(0);
  LEET[f] = (to ?? "").charCodeAt(0);
  CLASS[f] = (CLASS[f] as number) | C_LEET;
}
// Characters that evasions put inside a word ("ign.ore", "i-g-n-o-r-e", "ign*ore").
for (const c of ".-_*'`^~|+") CLASS[c.charCodeAt(0)] = (CLASS[c.charCodeAt(0)] as number) | C_JOINER;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

// Runs of >= 3 single letters separated by one separator: "i g n o r e", "a.l.l".
// Bounded: the separator is one character, letters are single, linear scan. (A
// hand-written charCode scan was measured slower than this regex.)
const SPACED_RUN = /(?<![A-Za-z0-9])[A-Za-z](?:[ .\-_*,|/][A-Za-z](?![A-Za-z0-9])){2,}/g;

// Per UTF-16 code unit >= 0x80: the lower-cased unit the words view keeps for a letter
// (\p{L}), NOT_LETTER otherwise, UNSEEN until first computed.
const UNSEEN = -2;
const NOT_LETTER = -1;
const LETTER_RE = /\p{L}/u;
const WIDE_LOWER = new Int32Array(0x10000).fill(UNSEEN);

function wideLower(c: number): number {
  let v = WIDE_LOWER[c] as number;
  if (v === UNSEEN) {
    const ch = String.fromCharCode(c);
    v = LETTER_RE.test(ch) ? ch.toLowerCase().charCodeAt(0) : NOT_LETTER;
    WIDE_LOWER[c] = v;
  }
  return v;
}

let scratchBuf = new Uint16Array(4096);
// cleanView's own: the words view reads the clean view's text while it writes scratchBuf.
let cleanScratch = new Uint16Array(4096);
let scratchBytes = new Uint8Array(4096);

// Per ASCII code, for the words view's hot loop: the character written (the lower-cased
// letter, or a space for anything else) and its kind: K_LETTER, K_OTHER (whitespace and
// punctuation that end a word: written as one space) or K_SLOW (joiners and leetspeak
// symbols, whose treatment depends on their neighbours or token).
const K_OTHER = 0;
const K_LETTER = 1;
const K_SLOW = 2;
const OUT = new Uint8Array(128).fill(32);
const KIND = new Uint8Array(128).fill(K_OTHER);
for (let c = 0; c < 128; c++) {
  const cl = CLASS[c] as number;
  if (cl & C_LETTER) {
    OUT[c] = c | 0x20;
    KIND[c] = K_LETTER;
  } else if (cl & (C_LEET | C_JOINER)) KIND[c] = K_SLOW;
}

/** Whether t[s, e) holds an ASCII letter. */
function hasAsciiLetter(t: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (isAsciiLetter(t.charCodeAt(i))) return true;
  return false;
}

/**
 * Words view built from the clean view; maps straight to the original.
 *
 * Rules, per character: a letter is written lower-cased; whitespace and punctuation end a
 * word (one space, none at the start or twice in a row); a joiner (".-_*'`^~|+") between
 * a letter and an ASCII letter is dropped ("ign.ore"), except "." before a capital; in a
 * token (run of non-whitespace) that mixes ASCII letters and leetspeak symbols, those
 * symbols are folded to letters; inside spaced-out runs ("i g n o r e") everything but
 * the letters is dropped.
 *
 * Speed: letters, whitespace and other punctuation (nearly all characters) are written
 * without a data-dependent branch (the output position advances by a computed 0 or 1);
 * only joiners, leetspeak symbols and non-ASCII characters take the slow path.
 */
export function wordsView(clean: View): View {
  const t = clean.text;
  const n = t.length;
  // The text goes through a reusable scratch buffer (output never exceeds the input
  // length); the map holds each character's index in the clean view (see View.through).
  if (scratchBuf.length < n + 1) scratchBuf = new Uint16Array(Math.max(n + 1, scratchBuf.length * 2));
  const buf = scratchBuf;
  const map = offsetMap(n);
  // Spaced-out runs ("i g n o r e"): [start, end) pairs, in order.
  const spaced: number[] = [];
  SPACED_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPACED_RUN.exec(t)) !== null) spaced.push(m.index, m.index + m[0].length);
  let o = 0;
  /** 1 when the last character written is a space (or nothing was written yet). */
  let lws = 1;
  let wideOut = false;
  // Leetspeak: whether the token ending (exclusively) at tokEnd mixes letters and symbols.
  let tokEnd = -1;
  let tokLeety = false;
  let k = 0;
  for (let r = 0; k < n; r += 2) {
    const runStart = r < spaced.length ? (spaced[r] as number) : n;
    const runEnd = r < spaced.length ? (spaced[r + 1] as number) : n;
    for (; k < runStart; k++) {
      const c = t.charCodeAt(k);
      const kind = c < 128 ? (KIND[c] as number) : K_SLOW;
      if (kind !== K_SLOW) {
        buf[o] = OUT[c] as number;
        map[o] = k;
        o += kind | (lws ^ 1);
        lws = kind ^ 1;
        continue;
      }
      let letter = -1;
      if (c >= 0x80) {
        letter = wideLower(c);
        if (letter >= 0x80) wideOut = true;
      } else if ((CLASS[c] as number) & C_LEET) {
        if (k >= tokEnd) {
          let ts = k;
          while (ts > 0 && !isSpace(t.charCodeAt(ts - 1))) ts--;
          let te = k + 1;
          while (te < n && !isSpace(t.charCodeAt(te))) te++;
          tokEnd = te;
          tokLeety = hasAsciiLetter(t, ts, te);
        }
        if (tokLeety) letter = LEET[c] as number;
      } else {
        // Joiner: dropped between a letter and an ASCII letter ("." not before a capital).
        const next = k + 1 < n ? t.charCodeAt(k + 1) : 0;
        if (lws === 0 && isAsciiLetter(next) && !(c === 46 && next >= 65 && next <= 90)) continue;
      }
      if (letter < 0 && lws === 1) continue;
      buf[o] = letter < 0 ? 32 : letter;
      map[o] = k;
      o++;
      lws = letter < 0 ? 1 : 0;
    }
    // Inside a spaced-out run (letters and single separators): the letters only.
    for (; k < runEnd; k++) {
      const c = t.charCodeAt(k);
      if (!isAsciiLetter(c)) continue;
      buf[o] = c | 0x20;
      map[o] = k;
      o++;
      lws = 0;
    }
  }
  const text = o === 0 ? "" : wideOut ? utf16.decode(buf.subarray(0, o)) : asciiString(buf, o);
  return { text, starts: map.subarray(0, o), ends: null, through: clean, anchor: clean.anchor, depth: clean.depth, via: clean.via };
}

const utf16 = new TextDecoder("utf-16le");
// Identity on bytes < 0x80 ("latin1" is windows-1252 in TextDecoder), and much cheaper
// than a UTF-16 decode: it builds a one-byte string.
const ascii = new TextDecoder("latin1");

/** buf[0, len) (all units < 0x80) as a string. */
function asciiString(buf: Uint16Array, len: number): string {
  if (scratchBytes.length < len) scratchBytes = new Uint8Array(Math.max(len, scratchBytes.length * 2));
  scratchBytes.set(buf.subarray(0, len));
  return ascii.decode(scratchBytes.subarray(0, len));
}
