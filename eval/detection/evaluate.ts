// Evaluation of the detection engine on the labelled corpora in ./data. Shared by
// `npm run eval:detection` (prints the report) and lib/detection/quality.test.ts
// (asserts floors), so both measure exactly the same thing.
//
// A text counts as "detected" for a category when the engine returns a finding of
// that category with score >= DETECT_THRESHOLD (0.5: what the default policy flags).

import fs from "node:fs";
import path from "node:path";
import { CATEGORIES, scanText, type Category, type Finding } from "../../lib/detection";

export const DETECT_THRESHOLD = 0.5;

export interface Row {
  id: string;
  source: string;
  split: "tune" | "heldout";
  labels: Category[];
  nearMissFor?: Category;
  text: string;
  entities?: { type: string; start: number; end: number }[];
  /** Kept but not counted toward its labels' recall; the reason (see build-corpus.ts). */
  uncounted?: string;
}

export const DATA_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "data");

export function loadRows(split: "tune" | "heldout" | "all"): Row[] {
  const rows: Row[] = [];
  for (const f of fs.readdirSync(DATA_DIR).filter((x) => x.endsWith(".jsonl")).sort()) {
    for (const line of fs.readFileSync(path.join(DATA_DIR, f), "utf8").split("\n")) {
      if (!line) continue;
      const r = JSON.parse(line) as Row;
      if (split === "all" || r.split === split) rows.push(r);
    }
  }
  return rows;
}

export interface CategoryStats {
  category: Category;
  attacks: number;
  detected: number;
  recall: number;
  benign: number;
  falsePositives: number;
  fpRate: number;
  nearMiss: number;
  nearMissFp: number;
}

export interface EvalReport {
  split: string;
  perCategory: CategoryStats[];
  /** rows: true label ("benign" or category); cols: detected category or "none". */
  confusion: Record<string, Record<string, number>>;
  confusionTotals: Record<string, number>;
  perSource: { source: string; label: string; n: number; detected: number; uncounted?: string }[];
  /** Recall if the uncounted rows were counted too, per category (for transparency). */
  recallIncludingUncounted: Record<string, number>;
  piiEntities: Record<string, { n: number; found: number }>;
  benignRows: number;
  benignFpExamples: { category: Category; source: string; rule: string; excerpt: string }[];
  missedExamples: { category: Category; source: string; excerpt: string }[];
  scanMs: number;
  bytes: number;
}

function detectedCats(findings: Finding[]): Set<Category> {
  const s = new Set<Category>();
  for (const f of findings) if (f.score >= DETECT_THRESHOLD) s.add(f.category);
  return s;
}

const isBenignSource = (r: Row): boolean => r.labels.length === 0 && !r.nearMissFor;

export function evaluate(split: "tune" | "heldout" | "all" = "heldout"): EvalReport {
  const rows = loadRows(split);
  const stats = new Map<Category, CategoryStats>();
  for (const c of CATEGORIES) stats.set(c, { category: c, attacks: 0, detected: 0, recall: 0, benign: 0, falsePositives: 0, fpRate: 0, nearMiss: 0, nearMissFp: 0 });
  const confusion: Record<string, Record<string, number>> = {};
  const confusionTotals: Record<string, number> = {};
  const perSource = new Map<string, { source: string; label: string; n: number; detected: number; uncounted?: string }>();
  const withUncounted = new Map<string, { n: number; d: number }>();
  const piiEntities: Record<string, { n: number; found: number }> = {};
  const benignFpExamples: EvalReport["benignFpExamples"] = [];
  const missedExamples: EvalReport["missedExamples"] = [];
  let benignRows = 0;
  let scanMs = 0;
  let bytes = 0;

  for (const r of rows) {
    const t0 = performance.now();
    const { findings } = scanText(r.text);
    scanMs += performance.now() - t0;
    bytes += r.text.length;
    const got = detectedCats(findings);
    const trueLabels: string[] = r.labels.length > 0 ? r.labels.map((l) => (r.uncounted ? `uncounted:${l}` : l)) : [r.nearMissFor ? `near_miss:${r.nearMissFor}` : "benign"];
    for (const tl of trueLabels) {
      const row = (confusion[tl] ??= {});
      confusionTotals[tl] = (confusionTotals[tl] ?? 0) + 1;
      if (got.size === 0) row.none = (row.none ?? 0) + 1;
      for (const g of got) row[g] = (row[g] ?? 0) + 1;
    }
    for (const c of r.labels) {
      const s = stats.get(c);
      if (!s) continue;
      const hit = got.has(c);
      const wu = withUncounted.get(c) ?? { n: 0, d: 0 };
      wu.n++;
      if (hit) wu.d++;
      withUncounted.set(c, wu);
      if (!r.uncounted) {
        s.attacks++;
        if (hit) s.detected++;
        else if (missedExamples.length < 400) missedExamples.push({ category: c, source: r.source, excerpt: r.text.slice(0, 160).replace(/\s+/g, " ") });
      }
      const key = `${r.source}|${c}`;
      const ps = perSource.get(key) ?? { source: r.source, label: c, n: 0, detected: 0, ...(r.uncounted ? { uncounted: r.uncounted } : {}) };
      ps.n++;
      if (hit) ps.detected++;
      perSource.set(key, ps);
    }
    if (r.nearMissFor) {
      const s = stats.get(r.nearMissFor);
      if (s) {
        s.nearMiss++;
        if (got.has(r.nearMissFor)) s.nearMissFp++;
      }
    }
    if (isBenignSource(r)) {
      benignRows++;
      for (const c of CATEGORIES) {
        const s = stats.get(c);
        if (!s) continue;
        s.benign++;
        if (got.has(c)) {
          s.falsePositives++;
          const f = findings.find((x) => x.category === c && x.score >= DETECT_THRESHOLD);
          if (f && benignFpExamples.length < 400) benignFpExamples.push({ category: c, source: r.source, rule: f.rule, excerpt: r.text.slice(Math.max(0, f.span.start - 40), f.span.end + 40).replace(/\s+/g, " ").slice(0, 200) });
        }
      }
    }
    if (r.entities) {
      for (const e of r.entities) {
        const pe = (piiEntities[e.type] ??= { n: 0, found: 0 });
        pe.n++;
        if (findings.some((f) => f.category === "pii" && f.score >= DETECT_THRESHOLD && f.span.start < e.end && f.span.end > e.start)) pe.found++;
      }
    }
  }
  for (const s of stats.values()) {
    s.recall = s.attacks > 0 ? s.detected / s.attacks : NaN;
    s.fpRate = s.benign > 0 ? s.falsePositives / s.benign : NaN;
  }
  return {
    split,
    perCategory: [...stats.values()],
    confusion,
    confusionTotals,
    perSource: [...perSource.values()].sort((a, b) => a.label.localeCompare(b.label) || a.source.localeCompare(b.source)),
    recallIncludingUncounted: Object.fromEntries([...withUncounted.entries()].map(([c, v]) => [c, v.n > 0 ? v.d / v.n : NaN])),
    piiEntities,
    benignRows,
    benignFpExamples,
    missedExamples,
    scanMs,
    bytes,
  };
}

/** PII recall is measured per entity (an in-scope PII value found), not per text. */
export function piiEntityRecall(r: EvalReport): number {
  let n = 0;
  let f = 0;
  for (const v of Object.values(r.piiEntities)) {
    n += v.n;
    f += v.found;
  }
  return n > 0 ? f / n : NaN;
}
