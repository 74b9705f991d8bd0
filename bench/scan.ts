// npm run bench:scan — scan latency percentiles for 256 B / 4 KB / 64 KB messages, benign
// and malicious (built from the evaluation corpora), the 1 MB adversarial cases, and
// single-core throughput. Targets: 4 KB p50 < 0.2 ms, p99 < 2 ms; 1 MB adversarial < 100 ms.
// It runs with V8's --no-regexp-tier-up, as the server does (scripts/start.ts; README, scan speed).

import { ADVERSARIAL } from "../lib/detection/adversarial.test-data";
import { scanText } from "../lib/detection";
import { loadRows } from "../eval/detection/evaluate";

const rows = loadRows("all");
const benignPool = rows.filter((r) => r.labels.length === 0 && !r.nearMissFor).map((r) => r.text);
const attackPool = rows.filter((r) => r.labels.some((l) => l !== "pii" && l !== "secrets")).map((r) => r.text);

// Deterministic "random" choice so runs are comparable.
let seed = 12345;
function next(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
}

/** Concatenate corpus texts until `size` characters; malicious ones get an attack mixed into benign text. */
function build(size: number, malicious: boolean): string {
  let s = "";
  if (malicious) {
    const a = attackPool[next(attackPool.length)] ?? "";
    const filler = Math.max(0, size - Math.min(a.length, size));
    while (s.length < filler / 2) s += (benignPool[next(benignPool.length)] ?? "") + "\n\n";
    s = s.slice(0, Math.floor(filler / 2)) + a.slice(0, size);
  }
  while (s.length < size) s += (benignPool[next(benignPool.length)] ?? "") + "\n\n";
  return s.slice(0, size);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/**
 * Load baseline: a fixed, engine-independent workload (lower-case copy, word count by
 * regex, JSON encoding) timed on the same texts, interleaved with the scans. The machine
 * is shared, so absolute times move with the load; the scan / baseline ratio is what
 * stays comparable between runs.
 */
function baseline(t: string): number {
  const lower = t.toLowerCase();
  const words = lower.match(/[a-z]+/g)?.length ?? 0;
  return words + JSON.stringify(t).length;
}

let sink = 0;
function measure(texts: string[], reps: number, base?: number[]): number[] {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const t of texts) {
      const t0 = performance.now();
      scanText(t);
      times.push(performance.now() - t0);
      if (base) {
        const b0 = performance.now();
        sink += baseline(t);
        base.push(performance.now() - b0);
      }
    }
  }
  base?.sort((a, b) => a - b);
  return times.sort((a, b) => a - b);
}

const fmt = (x: number): string => (x < 1 ? x.toFixed(3) : x.toFixed(2)).padStart(8);

console.log("Warden scan benchmark (single thread)\n");
console.log("size     kind        n       p50 ms   p95 ms   p99 ms   baseline p50 ms   p50 / baseline");
for (const [label, size] of [["256 B", 256], ["4 KB", 4096], ["64 KB", 65536]] as const) {
  for (const malicious of [false, true]) {
    const n = size > 10000 ? 40 : 300;
    const texts = Array.from({ length: n }, () => build(size, malicious));
    measure(texts.slice(0, 20), 2, []); // warm-up (JIT)
    const base: number[] = [];
    const t = measure(texts, size > 10000 ? 3 : 5, base);
    const b50 = pct(base, 50);
    console.log(`${label.padEnd(8)} ${(malicious ? "malicious" : "benign").padEnd(10)} ${String(t.length).padStart(5)} ${fmt(pct(t, 50))} ${fmt(pct(t, 95))} ${fmt(pct(t, 99))}   ${fmt(b50)}          ${(pct(t, 50) / b50).toFixed(1).padStart(6)}x`);
  }
}
console.log(`(baseline: lower-case copy + regex word count + JSON encoding of the same text, timed in the same loop${sink < 0 ? "" : ""})`);

console.log("\n1 MB adversarial inputs (median of 3):");
for (const [name, make] of Object.entries(ADVERSARIAL)) {
  const text = make();
  const t = measure([text], 3);
  console.log(`  ${name.padEnd(24)} ${fmt(pct(t, 50))} ms`);
}

// Throughput over the whole benign corpus, one core.
const corpus = benignPool.slice(0, 3000);
const bytes = corpus.reduce((a, t) => a + t.length, 0);
measure(corpus.slice(0, 100), 1);
const t0 = performance.now();
for (const t of corpus) scanText(t);
const secs = (performance.now() - t0) / 1000;
console.log(`\nThroughput on benign agent traffic: ${(bytes / 1024 / 1024 / secs).toFixed(1)} MB/s, ${(corpus.length / secs).toFixed(0)} scans/s (mean ${(bytes / corpus.length / 1024).toFixed(1)} KB/scan)`);
