// Trains the learned scorer for prompt_injection and jailbreak: logistic regression over
// hashed character 4-grams and word n-grams of the words view (see lib/detection/features.ts).
//
//   npx tsx scripts/train-injection-model.ts
//
// Uses ONLY the "tune" split of eval/detection/data (held-out rows are never read).
// Deterministic: fixed example order, no randomness, so re-running reproduces
// lib/detection/model/weights.json byte for byte.

import fs from "node:fs";
import path from "node:path";
import { DIM, forEachFeature, windows } from "../lib/detection/features";
import { cleanView, wordsView } from "../lib/detection/normalize";
import { loadRows, type Row } from "../eval/detection/evaluate";

type Target = "prompt_injection" | "jailbreak";
const TARGETS: Target[] = ["prompt_injection", "jailbreak"];
const EPOCHS = 6;
const LR = 0.2;
const L2 = 1e-4;
/** Decision threshold is set so at most this fraction of benign tune windows fire. */
const TARGET_FPR = 0.003;

interface Example {
  key: string;
  buckets: Int32Array;
  counts: Float32Array;
  y: number;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

function examplesOf(r: Row, y: number): Example[] {
  const w = wordsView(cleanView(r.text));
  const ws = windows(w.text.length);
  const out: Example[] = [];
  for (let k = 0; k < ws.length; k += 2) {
    const counts = new Map<number, number>();
    const n = forEachFeature(w.text, ws[k] ?? 0, ws[k + 1] ?? 0, (b) => counts.set(b, (counts.get(b) ?? 0) + 1));
    if (n === 0) continue;
    const norm = 1 / Math.sqrt(n);
    const buckets = Int32Array.from(counts.keys());
    const vals = Float32Array.from([...counts.values()].map((c) => c * norm));
    out.push({ key: `${r.id}#${k}`, buckets, counts: vals, y });
  }
  return out;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

interface Fitted {
  weights: Float32Array;
  bias: number;
}

function fit(pos: Example[], neg: Example[]): Fitted {
  const all = [...pos, ...neg];
  const posWeight = Math.min(20, neg.length / Math.max(1, pos.length));
  const w = new Float32Array(DIM);
  const g2 = new Float32Array(DIM).fill(1e-8);
  let bias = 0;
  let bg2 = 1e-8;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = all.map((e, i) => ({ i, k: fnv(`${epoch}|${e.key}`) })).sort((a, b) => a.k - b.k || a.i - b.i);
    for (const { i } of order) {
      const e = all[i];
      if (!e) continue;
      let z = bias;
      for (let j = 0; j < e.buckets.length; j++) z += (w[e.buckets[j] ?? 0] ?? 0) * (e.counts[j] ?? 0);
      const p = sigmoid(z);
      const sw = e.y === 1 ? posWeight : 1;
      const g = (p - e.y) * sw;
      for (let j = 0; j < e.buckets.length; j++) {
        const b = e.buckets[j] ?? 0;
        const gj = g * (e.counts[j] ?? 0) + L2 * (w[b] ?? 0);
        g2[b] = (g2[b] ?? 0) + gj * gj;
        w[b] = (w[b] ?? 0) - (LR * gj) / Math.sqrt(g2[b] ?? 1);
      }
      bg2 += g * g;
      bias -= (LR * g) / Math.sqrt(bg2);
    }
  }
  return { weights: w, bias };
}

function scoreOf(m: Fitted, e: Example): number {
  let z = m.bias;
  for (let j = 0; j < e.buckets.length; j++) z += (m.weights[e.buckets[j] ?? 0] ?? 0) * (e.counts[j] ?? 0);
  return z;
}

/**
 * The decision threshold comes from OUT-OF-FOLD scores (2-fold split of the tune rows by
 * row id): scores of texts a model was trained on are over-confident, and a threshold
 * picked on them lets far more benign traffic through on unseen data.
 */
function train(target: Target, rows: Row[]): { weights: Float32Array; bias: number; threshold: number; stats: string } {
  const folds: { pos: Example[]; neg: Example[]; benign: Example[] }[] = [
    { pos: [], neg: [], benign: [] },
    { pos: [], neg: [], benign: [] },
  ];
  for (const r of rows) {
    // Rows the evaluation does not count (BIPIA task-irrelevant requests: benign-looking
    // questions that are injections only in context) are neither positives nor negatives.
    if (r.uncounted) continue;
    const f = folds[fnv(r.source + "|" + r.id) % 2];
    if (!f) continue;
    if (r.labels.includes(target)) f.pos.push(...examplesOf(r, 1));
    else if (r.labels.length === 0 || !r.labels.some((l) => l === "prompt_injection" || l === "jailbreak")) {
      const ex = examplesOf(r, 0);
      f.neg.push(...ex);
      if (r.labels.length === 0) f.benign.push(...ex);
    }
  }
  const oofBenign: number[] = [];
  const oofPos: number[] = [];
  for (let k = 0; k < 2; k++) {
    const trainF = folds[1 - k];
    const testF = folds[k];
    if (!trainF || !testF) continue;
    const m = fit(trainF.pos, trainF.neg);
    for (const e of testF.benign) oofBenign.push(scoreOf(m, e));
    for (const e of testF.pos) oofPos.push(scoreOf(m, e));
  }
  oofBenign.sort((a, b) => b - a);
  const threshold = Math.max(0, (oofBenign[Math.floor(oofBenign.length * TARGET_FPR)] ?? 0) + 1e-3);
  const oofRecall = oofPos.filter((z) => z >= threshold).length / Math.max(1, oofPos.length);
  const allPos = [...(folds[0]?.pos ?? []), ...(folds[1]?.pos ?? [])];
  const allNeg = [...(folds[0]?.neg ?? []), ...(folds[1]?.neg ?? [])];
  const final = fit(allPos, allNeg);
  const stats = `${target}: ${allPos.length} positive / ${allNeg.length} negative windows; threshold z=${threshold.toFixed(3)}; out-of-fold window recall ${(oofRecall * 100).toFixed(1)}% at <=${(TARGET_FPR * 100).toFixed(1)}% benign windows`;
  return { weights: final.weights, bias: final.bias, threshold, stats };
}

// Weights are stored quantised to int8 (scale per model) and base64-encoded: 64 KiB of
// buckets becomes ~87 KiB of JSON per model, and loading is a single decode.
function quantise(w: Float32Array): { scale: number; data: string } {
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round((w[i] ?? 0) / scale);
  return { scale, data: Buffer.from(q.buffer).toString("base64") };
}

function main(): void {
  const rows = loadRows("tune");
  const models: Record<string, { bias: number; threshold: number; scale: number; data: string }> = {};
  for (const t of TARGETS) {
    const m = train(t, rows);
    console.log(m.stats);
    const q = quantise(m.weights);
    models[t] = { bias: Math.round(m.bias * 1e6) / 1e6, threshold: Math.round(m.threshold * 1e6) / 1e6, scale: q.scale, data: q.data };
  }
  const out = { version: 1, dim: DIM, features: "char4+word1+word2 of words view, fnv hashed", trainedOn: "eval/detection/data split=tune", models };
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "lib", "detection", "model", "weights.json");
  fs.writeFileSync(file, JSON.stringify(out) + "\n");
  console.log(`wrote ${file} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB)`);
}

main();
