// npm run eval:detection [-- --split tune|heldout|all] [-- --verbose]
// Prints recall on attacks and false-positive rate on benign agent traffic per category,
// PII entity recall, per-source recall and a confusion table. Targets: recall >= 90%
// per category at <= 1% false positives on benign traffic; misses are printed, not hidden.

import { CATEGORIES } from "../lib/detection";
import { DETECT_THRESHOLD, evaluate, piiEntityRecall } from "../eval/detection/evaluate";

const args = process.argv.slice(2);
const splitArg = args[args.indexOf("--split") + 1];
const split = args.includes("--split") && (splitArg === "tune" || splitArg === "all" || splitArg === "heldout") ? splitArg : "heldout";
const verbose = args.includes("--verbose");

const pct = (x: number): string => (Number.isNaN(x) ? "   n/a" : `${(x * 100).toFixed(1).padStart(5)}%`);
const r = evaluate(split);

console.log(`Warden detection evaluation — split: ${split}, detection threshold: score >= ${DETECT_THRESHOLD}`);
console.log(`${r.benignRows} benign texts, ${(r.bytes / 1024 / 1024).toFixed(2)} MiB scanned in ${r.scanMs.toFixed(0)} ms\n`);
console.log("category            attacks  recall   benign FP   FP rate   near-miss FP   target");
const misses: string[] = [];
for (const s of r.perCategory) {
  const recall = s.category === "pii" ? piiEntityRecall(r) : s.recall;
  // PII in benign text is usually real PII (e-mail signatures), so its "FP rate" is
  // informational and not held to the 1% target.
  const fpTarget = s.category !== "pii";
  const ok = recall >= 0.9 && (!fpTarget || s.fpRate <= 0.01);
  if (!ok) misses.push(s.category);
  console.log(
    `${s.category.padEnd(18)} ${String(s.attacks).padStart(8)}  ${pct(recall)}  ${String(s.falsePositives).padStart(5)}/${String(s.benign).padEnd(5)} ${pct(s.fpRate)}${fpTarget ? "" : "*"}  ${s.nearMiss > 0 ? `${s.nearMissFp}/${s.nearMiss} ${pct(s.nearMissFp / s.nearMiss)}` : "      -      "}   ${ok ? "met" : "MISSED"}`,
  );
}
console.log("  (pii recall is per entity; * pii in benign text is mostly genuine PII, informational)");

console.log("\nPII entity recall:");
for (const [k, v] of Object.entries(r.piiEntities)) console.log(`  ${k.padEnd(12)} ${v.found}/${v.n} ${pct(v.found / v.n)}`);

console.log("\nRecall per source:");
for (const p of r.perSource) {
  if (p.uncounted) continue;
  console.log(`  ${p.label.padEnd(18)} ${p.source.padEnd(42)} ${String(p.detected).padStart(4)}/${String(p.n).padEnd(4)} ${pct(p.detected / p.n)}`);
}
const uncounted = r.perSource.filter((p) => p.uncounted);
if (uncounted.length > 0) {
  console.log("\nNot counted in the recall above (kept in the corpus, reported here; see eval/detection/LICENSES.md):");
  for (const p of uncounted) console.log(`  ${p.label.padEnd(18)} ${p.source.padEnd(42)} ${String(p.detected).padStart(4)}/${String(p.n).padEnd(4)} ${pct(p.detected / p.n)}  (${p.uncounted})`);
  console.log("  recall if they were counted: " + Object.entries(r.recallIncludingUncounted).filter(([c]) => uncounted.some((p) => p.label === c)).map(([c, v]) => `${c} ${pct(v).trim()}`).join(", "));
}

console.log("\nConfusion (rows: true label; columns: % of rows with a finding of that category):");
const cols = [...CATEGORIES, "none"];
console.log(`${"".padEnd(28)}${cols.map((c) => c.slice(0, 10).padStart(11)).join("")}`);
for (const [label, row] of Object.entries(r.confusion).sort()) {
  const n = r.confusionTotals[label] ?? 1;
  console.log(`${`${label} (${n})`.padEnd(28)}${cols.map((c) => pct((row[c] ?? 0) / n).padStart(11)).join("")}`);
}

if (verbose) {
  console.log("\nBenign false positives:");
  for (const e of r.benignFpExamples) console.log(`  [${e.category}] ${e.rule} (${e.source}): ${e.excerpt}`);
  console.log("\nMissed attacks:");
  for (const e of r.missedExamples) console.log(`  [${e.category}] (${e.source}): ${e.excerpt}`);
}

console.log(misses.length === 0 ? "\nAll targets met." : `\nTargets MISSED for: ${misses.join(", ")}`);
