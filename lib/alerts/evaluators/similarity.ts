// Near-duplicate detection for the repetition rule: texts are normalised (case, punctuation
// and spacing folded), cut into character 5-shingles, and summarised by a bottom-k MinHash
// sketch (the 64 smallest 32-bit shingle hashes). The Jaccard similarity of two texts is
// estimated from their sketches; it is exact when both texts have at most 64 shingles.
// Hand-written because it is small and evaluation runs inside ingest: a library would add
// a dependency for ~40 lines.

const SHINGLE = 5;
const SKETCH_SIZE = 64;
/** Only the start of a long message is compared; a loop repeats from the first characters. */
export const COMPARED_CHARS = 1_000;

export type Sketch = Uint32Array;

export function normaliseForRepetition(text: string): string {
  return text
    .slice(0, COMPARED_CHARS)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function fnv1a(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche so neighbouring shingles spread over the whole range.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** The sketch of a text, or null for a text with nothing to compare (empty after normalising). */
export function sketchOf(text: string): Sketch | null {
  const normal = normaliseForRepetition(text);
  if (normal.length === 0) return null;
  const hashes = new Set<number>();
  if (normal.length <= SHINGLE) hashes.add(fnv1a(normal, 0, normal.length));
  else for (let i = 0; i + SHINGLE <= normal.length; i++) hashes.add(fnv1a(normal, i, i + SHINGLE));
  const sorted = Uint32Array.from(hashes).sort();
  return sorted.slice(0, SKETCH_SIZE);
}

/** Estimated Jaccard similarity (0..1) of the shingle sets the two sketches summarise. */
export function similarity(a: Sketch, b: Sketch): number {
  // The k smallest hashes of the union, and how many of them both texts hold.
  const k = Math.min(SKETCH_SIZE, Math.max(a.length, b.length));
  let i = 0;
  let j = 0;
  let taken = 0;
  let shared = 0;
  while (taken < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    taken++;
  }
  return taken === 0 ? 0 : shared / taken;
}
