// npm run bench:identity [-- --write <file>] [-- --check <file>]
//
// Proves that a speed change to the scan engine is a pure speed-up: runs scanText over a
// fixed set of texts (every corpus row of both splits, deterministic evasion variants of
// them, bench-style 4 KB / 64 KB concatenations, the 1 MB adversarial inputs and the
// string literals of the detection tests) and records one SHA-256 of each full result
// (findings in order, spans, scores, explanations, risk score). --write stores them,
// --check compares with a stored file and prints the number of texts compared and
// differing. Only indices and (for tune rows) rule ids are printed: held-out texts and
// their results are never shown.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ADVERSARIAL } from "../lib/detection/adversarial.test-data";
import { scanText } from "../lib/detection";
import { loadRows } from "../eval/detection/evaluate";

interface Sample {
  label: string;
  /** Held-out derived: never print anything about it but its index. */
  secret: boolean;
  text: string;
}

const samples: Sample[] = [];
const rows = loadRows("all");

// 1. Every corpus row, as it is.
rows.forEach((r, i) => samples.push({ label: `row ${i}`, secret: r.split !== "tune", text: r.text }));

// 2. Evasion variants (non-ASCII paths of the normaliser): homoglyphs, zero-width and
// bidi characters, fullwidth letters, accents, tag characters, NBSP, ligatures.
const SWAP: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", i: "і", A: "А", E: "Е", O: "О", x: "х" };
let seed = 987654321;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}
function mutate(t: string, kind: number): string {
  let out = "";
  for (const ch of t) {
    const r = rnd(100);
    if (kind === 0) out += r < 15 && SWAP[ch] ? SWAP[ch] : ch;
    else if (kind === 1) out += ch + (r < 6 ? "\u200b" : r < 8 ? "\u202e" : r < 9 ? "\u00ad" : "");
    else if (kind === 2) {
      const c = ch.charCodeAt(0);
      out += r < 20 && c > 32 && c < 127 ? String.fromCharCode(c + 0xfee0) : r < 23 && ch === " " ? "\u00a0" : r < 25 && ch === "e" ? "é" : r < 26 && ch === "f" ? "ﬁ" : ch;
    } else out += r < 3 && ch.charCodeAt(0) > 32 && ch.charCodeAt(0) < 127 ? String.fromCodePoint(0xe0000 + ch.charCodeAt(0)) : ch;
  }
  return out;
}
rows.forEach((r, i) => {
  const kind = i % 4;
  samples.push({ label: `row ${i} variant ${kind}`, secret: r.split !== "tune", text: mutate(r.text, kind) });
  // Upper-cased and leet-ified copies exercise case folding and the words view.
  if (i % 3 === 0) samples.push({ label: `row ${i} upper`, secret: r.split !== "tune", text: r.text.toUpperCase() });
  if (i % 3 === 1) samples.push({ label: `row ${i} leet`, secret: r.split !== "tune", text: r.text.replace(/[aeiost]/g, (c) => ({ a: "4", e: "3", i: "1", o: "0", s: "$", t: "7" })[c] ?? c) });
  if (i % 3 === 2) samples.push({ label: `row ${i} spaced`, secret: r.split !== "tune", text: r.text.slice(0, 400).split("").join(" ") });
});

// 3. Bench-style concatenations (4 KB and 64 KB, benign and with an attack inside).
const benign = rows.filter((r) => r.labels.length === 0 && !r.nearMissFor).map((r) => r.text);
const attacks = rows.filter((r) => r.labels.length > 0).map((r) => r.text);
function build(size: number, attack: string | null): string {
  let s = "";
  while (s.length < size / 2) s += (benign[rnd(benign.length)] ?? "") + "\n\n";
  s = s.slice(0, size / 2) + (attack ?? "");
  while (s.length < size) s += (benign[rnd(benign.length)] ?? "") + "\n\n";
  return s.slice(0, size);
}
for (let k = 0; k < 400; k++) samples.push({ label: `concat4k ${k}`, secret: true, text: build(4096, k % 2 ? (attacks[rnd(attacks.length)] ?? "") : null) });
for (let k = 0; k < 30; k++) samples.push({ label: `concat64k ${k}`, secret: true, text: build(65536, k % 2 ? (attacks[rnd(attacks.length)] ?? "") : null) });

// 4. Adversarial 1 MB inputs.
for (const [name, make] of Object.entries(ADVERSARIAL)) samples.push({ label: `adversarial ${name}`, secret: false, text: make() });

// 5. Random texts over an alphabet dense in what the machinery treats specially
// (base64/hex/URL runs, spaced letters, leetspeak, joiners, homoglyphs, invisibles,
// surrogate pairs, digits and separators of PII), and corpus texts with such junk
// spliced in.
const PIECES = ["a", "b", "e", "i", "o", "s", "t", "x", "A", "Z", "0", "1", "3", "4", "5", "7", "9", "f", "F", " ", " ", " ", "\n", "\t", ".", "-", "_", "*", "'", "`", "|", "+", "/", "=", "==", "%", "%4", "%41", "\\x", "\\x4", "@", "$", ":", "://", ",", "(", ")", "а", "е", "і", "Ｉ", "ﬁ", "é", "\u200b", "\u202e", "\u00a0", "😀", "\u{E0041}", "İ", "ß", "Σ", "ignore", "previous", "instructions", "bash -i", "/dev/tcp/", "nc -e /bin/sh", "key", "token=", "AKIA", "sk-", "ghp_", "eyJ", "BEGIN", "PRIVATE KEY", "i g n o r e", "1gn0r3", "dan", "mode", "curl", "base64", "vtaber", "rot13", "4111 1111 1111 1111", "+1 415 555 0100", "GB82 WEST 1234 5698 7654 32", "QUJD", "deadbeef", "0123456789abcdef"];
for (let k = 0; k < 3000; k++) {
  const len = 1 + rnd(k % 10 === 0 ? 2000 : 120);
  let s = "";
  for (let j = 0; j < len; j++) s += PIECES[rnd(PIECES.length)] ?? "";
  samples.push({ label: `random ${k}`, secret: false, text: s });
}
for (let k = 0; k < 2000; k++) {
  const base = rows[rnd(rows.length)];
  const t = base?.text ?? "";
  const at = rnd(t.length + 1);
  let junk = "";
  for (let j = 0, len = 1 + rnd(40); j < len; j++) junk += PIECES[rnd(PIECES.length)] ?? "";
  samples.push({ label: `spliced ${k}`, secret: true, text: t.slice(0, at) + junk + t.slice(at) });
}

// 6. Every string literal of the detection tests (inputs the tests scan, among others).
const testDir = path.join(path.dirname(new URL(import.meta.url).pathname), "../lib/detection");
for (const f of fs.readdirSync(testDir).filter((x) => x.endsWith(".test.ts")).sort()) {
  const src = ts.createSourceFile(f, fs.readFileSync(path.join(testDir, f), "utf8"), ts.ScriptTarget.ES2022, true);
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) samples.push({ label: `${f}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, secret: false, text: n.text });
    ts.forEachChild(n, visit);
  };
  visit(src);
}

// Results are keyed by the text itself, so a snapshot stays comparable when the sample set
// changes between the two runs (e.g. test files gained literals): only common texts compare.
const keyOf = (text: string) => crypto.createHash("sha256").update(text).digest("hex").slice(0, 20);
const keys: string[] = [];
const hashes: string[] = [];
const rules: string[] = [];
const t0 = performance.now();
for (const s of samples) {
  const r = scanText(s.text);
  keys.push(keyOf(s.text));
  hashes.push(crypto.createHash("sha256").update(JSON.stringify(r)).digest("hex").slice(0, 24));
  rules.push(s.secret ? "" : r.findings.map((f) => `${f.rule}@${f.span.start}-${f.span.end}:${f.score}`).join(" "));
}
const ms = performance.now() - t0;
const all = crypto.createHash("sha256").update(hashes.join("\n")).digest("hex");
console.log(`${samples.length} texts scanned in ${ms.toFixed(0)} ms; combined hash ${all.slice(0, 16)}`);

const args = process.argv.slice(2);
const write = args.indexOf("--write");
const check = args.indexOf("--check");
if (write >= 0) {
  const file = args[write + 1] ?? "";
  const byKey = Object.fromEntries(keys.map((k, i) => [k, [hashes[i], rules[i]]]));
  fs.writeFileSync(file, JSON.stringify({ all, byKey }));
  console.log(`snapshot written to ${file}`);
}
if (check >= 0) {
  const file = args[check + 1] ?? "";
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as { all: string; byKey: Record<string, [string, string]> };
  let diff = 0;
  let compared = 0;
  const seen = new Set<string>();
  for (let i = 0; i < hashes.length; i++) {
    const key = keys[i]!;
    const before = snap.byKey[key];
    if (!before || seen.has(key)) continue;
    seen.add(key);
    compared++;
    if (before[0] === hashes[i]) continue;
    diff++;
    const s = samples[i];
    if (diff <= 20 && s) console.log(s.secret ? `  differs: #${i}` : `  differs: #${i} ${s.label}\n    before: ${before[1]}\n    now:    ${rules[i]}`);
  }
  const onlyBefore = Object.keys(snap.byKey).filter((k) => !seen.has(k)).length;
  const onlyNow = new Set(keys).size - compared;
  if (onlyBefore + onlyNow > 0) console.log(`not compared: ${onlyBefore} texts only in the snapshot, ${onlyNow} only now`);
  console.log(diff === 0 ? `IDENTICAL: ${compared} texts compared, 0 differ` : `DIFFERENT: ${diff} of ${compared} texts differ`);
  process.exitCode = diff === 0 ? 0 : 1;
}
