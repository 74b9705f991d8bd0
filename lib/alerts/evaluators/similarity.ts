// Near-duplicate detection for the repetition rule: texts are normalised (case, punctuation
// and spacing folded), cut into character 5-shingles, and summarised by a bottom-k MinHash
// sketch (the 64 smallest 32-bit shingle hashes). The Jaccard similarity of two texts is
// estimated from their sketches; it is exact when both texts have fewer than 64 shingles.
// Hand-written because it is small and evaluation runs inside ingest: a library would add
// a dependency for ~40 lines.

const SHINGLE = 5;
const SKETCH_SIZE = 64;
/** Only the start of a long message is compared; a loop repeats from the first characters. */
export const COMPARED_CHARS = 1_000;

export type Sketch = Uint32Array;

const ASCII = /^[\x00-\x7f]*$/;

export function normaliseForRepetition(text: string): string {
  const head = text.slice(0, COMPARED_CHARS);
  // Most agent messages are ASCII, where NFKC changes nothing and letters and digits are
  // [a-z0-9] once lower-cased: the same result without the Unicode passes (this runs for
  // every message of every transcript, inside ingest).
  if (ASCII.test(head)) return head.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  return head
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// Every message of a transcript is sketched inside ingest: its shingle hashes go to one buffer
// reused from call to call (a fresh typed array per message cost as much as hashing it).
let scratch = new Uint32Array(COMPARED_CHARS);

// A shingle's hash: its characters as a polynomial in B (mod 2^32), rolled from one shingle to
// the next (a multiply, a subtraction and an addition instead of hashing five characters
// anew), then murmur3's finaliser, a bijection, so neighbouring shingles spread over the range.
const B = 0x01000193;
const B4 = Math.imul(Math.imul(B, B), Math.imul(B, B));

function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Writes the hashes of a normalised text's 5-shingles to `scratch`; answers how many. */
function hashShingles(normal: string): number {
  const len = normal.length;
  const n = len <= SHINGLE ? 1 : len - SHINGLE + 1;
  if (scratch.length < n) scratch = new Uint32Array(n);
  let h = 0;
  for (let i = 0; i < Math.min(len, SHINGLE); i++) h = (Math.imul(h, B) + normal.charCodeAt(i)) | 0;
  scratch[0] = finalise(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul((h - Math.imul(normal.charCodeAt(i - 1), B4)) | 0, B) + normal.charCodeAt(i + SHINGLE - 1)) | 0;
    scratch[i] = finalise(h);
  }
  return n;
}

/** The hashes of a normalised text's 5-shingles (one for a text of 5 characters or fewer), in text order. */
export function shingleHashes(normal: string): Uint32Array {
  return scratch.slice(0, hashShingles(normal));
}

/** The sketch of a text, or null for a text with nothing to compare (empty after normalising). */
export function sketchOf(text: string): Sketch | null {
  const normal = normaliseForRepetition(text);
  return normal.length === 0 ? null : sketchOfNormal(normal);
}

/** The sketch of a text already normalised (normaliseForRepetition), not empty. */
export function sketchOfNormal(normal: string): Sketch {
  const n = hashShingles(normal);
  // All shingle hashes sorted, then the SKETCH_SIZE smallest distinct ones (a typed-array
  // sort instead of a Set: same sketch, a fraction of the allocation).
  const hashes = scratch.subarray(0, n);
  hashes.sort();
  const sketch = new Uint32Array(Math.min(SKETCH_SIZE, n));
  let size = 0;
  for (let i = 0; i < n && size < SKETCH_SIZE; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) sketch[size++] = hashes[i]!;
  return size === sketch.length ? sketch : sketch.slice(0, size);
}

/**
 * Estimated Jaccard similarity (0..1) of the shingle sets the two sketches summarise. With
 * `min`, it gives up (answers -1) as soon as the estimate can no longer reach `min`: most
 * pairs of messages share almost nothing, and the repetition rule compares every new message
 * of a transcript with the 50 before it.
 */
export function similarity(a: Sketch, b: Sketch, min = 0): number {
  if (a === b) return 1;
  // The k smallest hashes of the union, and how many of them both texts hold. When both
  // sketches hold fewer than SKETCH_SIZE hashes they are the texts' whole shingle sets: then
  // the whole union is compared and the answer is their exact Jaccard similarity.
  const k = a.length < SKETCH_SIZE && b.length < SKETCH_SIZE ? a.length + b.length : SKETCH_SIZE;
  // Even if every step still to come were shared, shared / taken stays under min once
  // shared + (k - taken) < min * k (the estimate only grows with more shared steps).
  const needed = min * k - k;
  let i = 0;
  let j = 0;
  let taken = 0;
  let shared = 0;
  while (taken < k && i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    taken++;
    if (shared - taken < needed) return -1;
  }
  // One side is used up: the rest of the k smallest come from the other one, none shared.
  if (taken < k) taken += Math.min(k - taken, a.length - i + b.length - j);
  if (shared - taken < needed) return -1;
  return taken === 0 ? 0 : shared / taken;
}
