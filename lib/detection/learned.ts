// Learned scorer for prompt_injection and jailbreak (logistic regression over hashed
// n-grams, trained by scripts/train-injection-model.ts on the tune split only). It
// catches paraphrases that no phrase rule lists (role-play framings, novel injection
// wording). Its findings score 0.5..0.8, i.e. they flag under the default policy but
// block only when a rule agrees: a statistical guess should not stop traffic alone.

import { decodeBase64 } from "./decode";
import { DIM, HASH_BITS, windows } from "./features";
import weightsFile from "./model/weights.json";
import type { View } from "./normalize";
import { pushFinding } from "./rules";
import type { Finding } from "./types";
import { asksForWork } from "./work-instructions";

interface StoredModel {
  bias: number;
  threshold: number;
  scale: number;
  data: string;
}

interface Model {
  bias: number;
  threshold: number;
  scale: number;
  q: Int8Array;
}


function load(m: StoredModel | undefined): Model | null {
  if (!m) return null;
  const bytes = decodeBase64(m.data);
  if (bytes.length !== DIM) return null;
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { bias: m.bias, threshold: m.threshold, scale: m.scale, q };
}

const stored = weightsFile as { models: Record<string, StoredModel | undefined> };
const MODELS: { category: "prompt_injection" | "jailbreak"; model: Model; scale: number; q: Int8Array }[] = [];
for (const category of ["prompt_injection", "jailbreak"] as const) {
  const m = load(stored.models[category]);
  if (m) MODELS.push({ category, model: m, scale: m.scale, q: m.q });
}

// Both models' weights interleaved ([pi0, jb0, pi1, jb1, ...]) as the stored int8
// values, so the whole table is 128 KiB (cache-resident) and one feature costs one
// load of adjacent bytes; the per-model scale is applied once per window.
const PAIR = new Int8Array(DIM * 2);
const SCALE = [MODELS[0]?.scale ?? 0, MODELS[1]?.scale ?? 0];
for (let b = 0; b < DIM; b++) {
  PAIR[2 * b] = MODELS[0]?.q[b] ?? 0;
  PAIR[2 * b + 1] = MODELS[1]?.q[b] ?? 0;
}

const GOLDEN = 0x9e3779b1;
const SHIFT = 32 - HASH_BITS;
let acc0 = 0;
let acc1 = 0;

/**
 * Inlined copy of features.ts forEachFeature (same buckets, same count) that sums the
 * int8 weights directly instead of calling a visitor per feature. Kept in lock-step
 * with forEachFeature by a unit test (learned features equal training features).
 */
function accumulate(text: string, start: number, end: number): number {
  let n = 0;
  let packed = 0;
  let word = 0;
  let prevWord = 0;
  let inWord = false;
  let a0 = 0;
  let a1 = 0;
  let b = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) & 0xff : 32;
    if (i < end) {
      packed = (packed >>> 8) | (c << 24);
      if (i - start >= 3) {
        b = (Math.imul(packed, GOLDEN) >>> SHIFT) << 1;
        a0 += PAIR[b] as number;
        a1 += PAIR[b + 1] as number;
        n++;
      }
    }
    if (c !== 32) {
      word = Math.imul(word ^ c, 0x01000193) + 0x2f;
      inWord = true;
      continue;
    }
    if (inWord) {
      b = (Math.imul(word ^ 0x5bd1e995, GOLDEN) >>> SHIFT) << 1;
      a0 += PAIR[b] as number;
      a1 += PAIR[b + 1] as number;
      n++;
      if (prevWord !== 0) {
        b = (Math.imul((prevWord * 31) ^ word ^ 0x27d4eb2f, GOLDEN) >>> SHIFT) << 1;
        a0 += PAIR[b] as number;
        a1 += PAIR[b + 1] as number;
        n++;
      }
      prevWord = word;
    }
    word = 0;
    inWord = false;
  }
  acc0 = a0 * (SCALE[0] ?? 0);
  acc1 = a1 * (SCALE[1] ?? 0);
  return n;
}

/** For tests: the raw model margins (z) of a words-view text, one window. */
export function learnedMargins(text: string): number[] {
  const n = accumulate(text, 0, text.length);
  if (n === 0) return MODELS.map(() => -Infinity);
  return MODELS.map((m, i) => m.model.bias + (i === 0 ? acc0 : acc1) / Math.sqrt(n));
}

/**
 * The model scores at most this many words-view characters (the head of the text):
 * it is the costliest part of a scan per byte, and the rules still cover all of it.
 */
export const MAX_LEARNED_CHARS = 64 * 1024;

/**
 * How far past its threshold a model must be to report. Just past it the injection model is
 * guessing on short developer prose: of 1,970 one-line sentences from the READMEs of this
 * repository's dependencies, it flagged 87 (4.4%; "When ready to open a PR, run the following
 * command at the root of the repository:"), 58 of them under score 0.6, and no injection of
 * the tuning split that only the model catches scores under 0.6. So it reports from 0.6. The
 * jailbreak model flagged 26 (1.3%) and keeps reporting from 0.5: with the same margin, the
 * held-out quality floor for jailbreaks failed (adversarial-suffix prompts that only it catches
 * score lower on data it was not trained on).
 */
const MIN_MARGIN: Partial<Record<"prompt_injection" | "jailbreak", number>> = { prompt_injection: 2 * Math.log(1.5) };

/**
 * A line or two of code ("from __future__ import annotations", lodash's one-line re-export
 * modules): on a few words the injection model reads identifiers as phrasing (0.60-0.68 on
 * such files). Short texts that are code get no injection-model finding; the rules still run.
 */
const SHORT_TEXT = 64;
const CODE_STATEMENT = /^\s*(?:import|export|from|def|class|return|const|let|var|function|#include|package|use|require)\b[^\n]*$/m;

function isShortCode(words: View, clean: View): boolean {
  return words.text.length < SHORT_TEXT && CODE_STATEMENT.test(clean.text) && /[{}();='"]/.test(clean.text);
}

/**
 * A sentence or two asking for a work item or an answer format ("include unit tests in your
 * solution", "format your response as JSON"): what agents ask of each other all day, which the
 * injection model read as injected instructions (0.63-0.76). Such texts get no injection-model
 * finding; the rules, which know injected content, still run (work-instructions.ts).
 */
const SHORT_REQUEST = 200;

export function detectLearned(words: View, out: Finding[], clean?: View): void {
  const t = words.text.length > MAX_LEARNED_CHARS ? words.text.slice(0, MAX_LEARNED_CHARS) : words.text;
  if (t.length < 24 || MODELS.length === 0) return;
  const ws = windows(t.length);
  const best = MODELS.map(() => ({ z: -Infinity, s: 0, e: 0 }));
  for (let k = 0; k < ws.length; k += 2) {
    const s = ws[k] ?? 0;
    const e = ws[k + 1] ?? 0;
    const n = accumulate(t, s, e);
    if (n === 0) continue;
    const norm = 1 / Math.sqrt(n);
    for (let m = 0; m < MODELS.length; m++) {
      const model = MODELS[m]?.model;
      const b = best[m];
      if (!model || !b) continue;
      const z = model.bias + (m === 0 ? acc0 : acc1) * norm;
      if (z > b.z) {
        b.z = z;
        b.s = s;
        b.e = e;
      }
    }
  }
  for (let m = 0; m < MODELS.length; m++) {
    const entry = MODELS[m];
    const b = best[m];
    if (!entry || !b || b.z < entry.model.threshold + (MIN_MARGIN[entry.category] ?? 0)) continue;
    if (entry.category === "prompt_injection" && ((clean && isShortCode(words, clean)) || (words.text.length < SHORT_REQUEST && asksForWork(words.text)))) continue;
    // Map the margin above threshold to 0.5..0.8 (see MIN_MARGIN for where reporting starts).
    const margin = b.z - entry.model.threshold;
    const score = 0.5 + 0.3 * (1 - Math.exp(-margin / 2));
    pushFinding(
      out,
      entry.category,
      `${entry.category}.learned.ngram_model`,
      score >= 0.7 ? "high" : "medium",
      score,
      words,
      b.s,
      Math.max(b.s + 1, b.e),
      entry.category === "jailbreak" ? "Statistical model: text resembles known jailbreak prompts" : "Statistical model: text resembles known prompt-injection instructions",
    );
  }
}
