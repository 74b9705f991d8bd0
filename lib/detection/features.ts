// Hashed features for the learned scorer: character 4-grams and word uni/bi-grams of
// the words view (lower-cased, letters only, evasions folded), hashed into a fixed
// number of buckets. Shared by training (scripts/train-injection-model.ts) and inference.

export const HASH_BITS = 16;
export const DIM = 1 << HASH_BITS;
const MASK = DIM - 1;

/** Window (in words-view characters) the model scores; long texts are scored per window. */
export const WINDOW = 2000;
export const STRIDE = 1500;

const GOLDEN = 0x9e3779b1;
const SHIFT = 32 - HASH_BITS;

/**
 * Calls visit(bucket) for every feature of text[start, end). Returns the feature count.
 * 4-grams are packed into one 32-bit integer (low byte of each character) and rolled,
 * so each position costs a shift, an or and one multiply.
 */
export function forEachFeature(text: string, start: number, end: number, visit: (bucket: number) => void): number {
  let n = 0;
  let packed = 0;
  let word = 0;
  let prevWord = 0;
  let inWord = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) & 0xff : 32;
    if (i < end) {
      packed = (packed >>> 8) | (c << 24);
      if (i - start >= 3) {
        visit(Math.imul(packed, GOLDEN) >>> SHIFT);
        n++;
      }
    }
    if (c !== 32) {
      word = Math.imul(word ^ c, 0x01000193) + 0x2f;
      inWord = true;
      continue;
    }
    if (inWord) {
      visit(Math.imul(word ^ 0x5bd1e995, GOLDEN) >>> SHIFT);
      n++;
      if (inWord && prevWord !== 0) {
        visit(Math.imul((prevWord * 31) ^ word ^ 0x27d4eb2f, GOLDEN) >>> SHIFT);
        n++;
      }
      prevWord = word;
    }
    word = 0;
    inWord = false;
  }
  return n;
}

/** [start, end) windows over a text of length len. */
export function windows(len: number): number[] {
  if (len <= WINDOW + WINDOW / 2) return [0, len];
  const out: number[] = [];
  for (let s = 0; s < len; s += STRIDE) {
    out.push(s, Math.min(len, s + WINDOW));
    if (s + WINDOW >= len) break;
  }
  return out;
}
