// Builds the labelled evaluation corpora in eval/detection/data/ from the shared source
// corpus (default /work/shared/corpus, or the path given as first argument).
//
//   npx tsx eval/detection/build-corpus.ts [/path/to/corpus]
//
// Every row is {id, source, split, labels, text, entities?}. `split` is decided by a
// hash of a GROUP key (template, rule, behaviour, conversation), so near-duplicates of
// one item never land on both sides; ~40% of each source is "heldout" and must never be
// used to tune rules or train weights. Deterministic: re-running gives identical files.

import fs from "node:fs";
import path from "node:path";

const ROOT = process.argv[2] ?? "/work/shared/corpus";
const OUT = path.join(path.dirname(new URL(import.meta.url).pathname), "data");

type Label = "prompt_injection" | "jailbreak" | "code_execution" | "data_exfiltration" | "secrets" | "pii";
interface Entity {
  type: string;
  start: number;
  end: number;
}
interface Row {
  id: string;
  source: string;
  split: "tune" | "heldout";
  /** Categories the text is an example of. Empty = benign for every category. */
  labels: Label[];
  /** For hard negatives: the category they are a near-miss for. */
  nearMissFor?: Label;
  text: string;
  entities?: Entity[];
  /**
   * Set when the row stays in the corpus but does not count toward its labels' recall,
   * with the reason. The evaluator reports these rows separately (never silently).
   */
  uncounted?: string;
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const HELDOUT_PERCENT = 40;
function splitOf(group: string): "tune" | "heldout" {
  return fnv1a(group) % 100 < HELDOUT_PERCENT ? "heldout" : "tune";
}

function read(p: string): string {
  return fs.readFileSync(path.join(ROOT, p), "utf8");
}
function readJson(p: string): unknown {
  return JSON.parse(read(p));
}

// Minimal RFC 4180 CSV parser (quoted fields with embedded newlines and "").
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else q = false;
      } else field += c;
    } else if (c === '"') q = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift() ?? [];
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

const files = new Map<string, Row[]>();
function add(file: string, r: Omit<Row, "split"> & { group: string; splitSource?: string }): void {
  const { group, splitSource, ...rest } = r;
  const list = files.get(file) ?? [];
  // splitSource: rows re-sourced for reporting keep the split of their original source.
  list.push({ ...rest, split: splitOf(`${splitSource ?? r.source}|${group}`) });
  files.set(file, list);
}

// ------------------------------------------------------------------ attacks
// BIPIA's own taxonomy of text attacks (Yi et al., "Benchmarking and Defending Against
// Indirect Prompt Injection Attacks on LLMs", attack tables): the "task-irrelevant"
// attacks are ordinary user requests ("What is the capital of Brazil?") that are only
// an injection when they sit inside a document the model is processing. Read alone they
// are indistinguishable from benign prompts (MT-bench has the same kind of questions),
// so they are kept but reported separately as context-dependent, not counted in
// prompt_injection recall. Per BIPIA part, because "Language Translation" is
// task-irrelevant in train ("Translate the following sentence...") and a targeted
// (response-transforming) attack in test.
const BIPIA_TASK_IRRELEVANT: Record<"train" | "test", Set<string>> = {
  train: new Set(["Information Retrieval", "Content Creation", "Learning and Tutoring", "Language Translation", "Programming Help"]),
  test: new Set(["Task Automation", "Business Intelligence", "Conversational Agent", "Research Assistance", "Sentiment Analysis"]),
};
export const UNCOUNTED_BIPIA = "bipia task-irrelevant request: an injection only in context (BIPIA taxonomy)";
export const UNCOUNTED_STUB = "gitleaks extraction stub: literal prefix or keyword of an example, no credential value";

function bipia(): void {
  // BIPIA ships its own train/test split; we keep it (test = heldout).
  const exfil = new Set(["Data Eavesdropping", "Keylogging", "Screen Scraping", "Introduce System Fingerprinting", "Cookie Theft", "Environment Variable Analysis"]);
  const exec = new Set(["Corrupting an Operating System", "Compromising Computers", "Encrypting Documents and Demanding Ransom (Ransomware)"]);
  for (const kind of ["text", "code"] as const) {
    for (const part of ["train", "test"] as const) {
      const d = readJson(`attacks/bipia/${kind}_attack_${part}.json`) as Record<string, string[]>;
      const list = files.get(`bipia_${kind}`) ?? [];
      for (const [cat, items] of Object.entries(d)) {
        items.forEach((text, i) => {
          const labels: Label[] = ["prompt_injection"];
          if (kind === "code" && exfil.has(cat)) labels.push("data_exfiltration");
          if (kind === "code" && exec.has(cat)) labels.push("code_execution");
          const contextOnly = kind === "text" && BIPIA_TASK_IRRELEVANT[part].has(cat);
          list.push({
            id: `bipia_${kind}_${part}_${cat}_${i}`,
            source: contextOnly ? "bipia_text_task_irrelevant" : `bipia_${kind}`,
            split: part === "test" ? "heldout" : "tune",
            labels,
            text,
            ...(contextOnly ? { uncounted: UNCOUNTED_BIPIA } : {}),
          });
        });
      }
      files.set(`bipia_${kind}`, list);
    }
  }
}

function giskard(): void {
  for (const r of parseCsv(read("attacks/giskard/prompt_injections.csv"))) {
    const label: Label = r.group === "Jailbreak" ? "jailbreak" : "prompt_injection";
    add("giskard", { id: `giskard_${r.index}`, source: "giskard", group: r.name ?? "", labels: [label], text: r.prompt ?? "" });
  }
}

function gptfuzz(): void {
  const questions = parseCsv(read("attacks/gptfuzz/questions/question_list.csv")).map((q) => q.text ?? Object.values(q)[1] ?? "");
  for (const r of parseCsv(read("attacks/gptfuzz/prompts/GPTFuzzer.csv"))) {
    const id = Number(r.id ?? 0);
    const q = questions[id % Math.max(1, questions.length)] ?? "How do I pick a lock?";
    const text = (r.text ?? "").replace("[INSERT PROMPT HERE]", q);
    add("gptfuzz", { id: `gptfuzz_${id}`, source: "gptfuzz", group: String(id), labels: ["jailbreak"], text });
  }
}

function jailbreakbench(): void {
  // JBC (the AIM template) and random-search prompts repeat one template per model, so
  // only one model is taken for those; PAIR/GCG/DSN prompts differ per model.
  const picks = [
    "PAIR/black_box/gpt-3.5-turbo-1106", "PAIR/black_box/gpt-4-0125-preview", "PAIR/black_box/vicuna-13b-v1.5", "PAIR/black_box/llama-2-7b-chat-hf",
    "GCG/transfer/gpt-3.5-turbo-1106", "GCG/white_box/vicuna-13b-v1.5", "GCG/white_box/llama-2-7b-chat-hf",
    "DSN/white_box/vicuna-13b-v1.5", "DSN/white_box/llama-2-7b-chat-hf",
    "JBC/manual/gpt-4-0125-preview",
    "prompt_with_random_search/black_box/gpt-4-0125-preview",
  ];
  const seen = new Set<string>();
  for (const p of picks) {
    const d = readJson(`attacks/jailbreakbench/attack-artifacts/${p}.json`) as { jailbreaks: { index: number; prompt: string | null }[] };
    const method = p.split("/")[0] ?? p;
    for (const j of d.jailbreaks) {
      if (!j.prompt || seen.has(j.prompt)) continue;
      seen.add(j.prompt);
      // Group by behaviour index: a behaviour never appears on both sides.
      add("jailbreakbench", { id: `jbb_${p}_${j.index}`, source: `jailbreakbench_${method}`, group: String(j.index), labels: ["jailbreak"], text: j.prompt });
    }
  }
}

/** Code blocks of a Markdown file, each with the nearest heading (level 2+) above it. */
function codeBlocks(md: string): { text: string; heading: string }[] {
  const out: { text: string; heading: string }[] = [];
  const re = /```[^\n]*\n([\s\S]*?)```/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(md)) !== null) {
    const b = (m[1] ?? "").trim();
    const headings = md.slice(0, m.index).match(/^#{2,6} [^\n]*/gm);
    if (b.length >= 8) out.push({ text: b, heading: headings?.[headings.length - 1] ?? "" });
  }
  return out;
}

function payloads(): void {
  const map: [string, Label][] = [
    ["reverse-shell-cheatsheet.md", "code_execution"],
    ["bind-shell-cheatsheet.md", "code_execution"],
    ["linux-persistence.md", "code_execution"],
    ["linux-privilege-escalation.md", "code_execution"],
    ["linux-evasion.md", "code_execution"],
    ["windows-download-and-execute.md", "code_execution"],
    ["command-injection/README.md", "code_execution"],
    ["prompt-injection/README.md", "prompt_injection"],
  ];
  for (const [f, label] of map) {
    codeBlocks(read(`attacks/payloadsallthethings/${f}`)).forEach(({ text: b, heading }, i) => {
      // Blocks under a "Data Exfiltration" heading (command-injection: time-based and
      // DNS-based exfiltration) are exfiltration examples too. Label from the source's
      // own section title; split unchanged (it hashes the block text).
      const labels: Label[] = /exfiltration/i.test(heading) && label !== "data_exfiltration" ? [label, "data_exfiltration"] : [label];
      add("payloadsallthethings", { id: `patt_${f}_${i}`, source: `payloadsallthethings_${path.basename(path.dirname(f)) === "." ? f.replace(".md", "") : path.dirname(f)}`, group: b, labels, text: b });
    });
  }
}

// ------------------------------------------------------------------ secrets and pii
/**
 * gitleaks' examples are extracted from its rule definitions; for generated secrets the
 * extractor sometimes kept only the literal part ("sk-ant-api03-", "hooks.slack.com/
 * services/", `clientSecret := "s-s4t2ud-`, `password=%s`). Such a stub ends in a prefix
 * delimiter (or a short quoted fragment, or a %s placeholder) and holds no
 * user:password@ pair: there is no credential in it to detect.
 */
export function isGitleaksStub(text: string): boolean {
  const t = text.trim().replace(/["'`]+$/, "");
  if (/[^\s:/@"']+:[^\s:/@"']+@/.test(t)) return false;
  return /[-_./=]$/.test(t) || /:?=\s*["']?[\w-]{0,6}$/.test(t) && /:=|=\s*["']/.test(t) || /=\s*%s$/.test(t);
}

function gitleaks(): void {
  for (const line of read("secrets/gitleaks/extracted_rule_examples.jsonl").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { rule_id: string; label: string; text: string };
    const i = (files.get("gitleaks")?.length ?? 0);
    if (r.label === "secret") {
      const stub = isGitleaksStub(r.text);
      add("gitleaks", { id: `gitleaks_${i}`, source: stub ? "gitleaks_stub" : "gitleaks", splitSource: "gitleaks", group: r.rule_id, labels: ["secrets"], text: r.text, ...(stub ? { uncounted: UNCOUNTED_STUB } : {}) });
    }
    else add("gitleaks", { id: `gitleaks_${i}`, source: "gitleaks_false_positive", group: r.rule_id, labels: [], nearMissFor: "secrets", text: r.text });
  }
}

function detectSecretsData(): void {
  const pos = ["config.env", "config.ini", "config.md", "config.yaml", "config2.yaml", "files/private_key", "sample.diff", "short_files/last_line.ini", "short_files/middle_line.yml"];
  const neg = ["only_comments.yaml", "word_list.txt", "performance/best-songs.txt"];
  for (const f of pos) add("detect_secrets", { id: `ds_${f}`, source: "detect_secrets", group: f, labels: ["secrets"], text: read(`secrets/detect_secrets/test_data/${f}`) });
  for (const f of neg) add("detect_secrets", { id: `ds_${f}`, source: "detect_secrets_negative", group: f, labels: [], nearMissFor: "secrets", text: read(`secrets/detect_secrets/test_data/${f}`) });
}

function presidio(): void {
  const inScope: Record<string, string> = { EMAIL_ADDRESS: "email", PHONE_NUMBER: "phone", CREDIT_CARD: "credit_card", US_SSN: "us_ssn", IBAN_CODE: "iban" };
  const d = readJson("pii/presidio_synth_first_half.json") as { full_text: string; template_id: number; spans: { entity_type: string; start_position: number; end_position: number }[] }[];
  d.forEach((x, i) => {
    const entities = x.spans.filter((s) => inScope[s.entity_type]).map((s) => ({ type: inScope[s.entity_type] ?? "", start: s.start_position, end: s.end_position }));
    add("presidio", {
      id: `presidio_${i}`,
      source: entities.length > 0 ? "presidio" : "presidio_no_in_scope_pii",
      group: String(x.template_id),
      labels: entities.length > 0 ? ["pii"] : [],
      nearMissFor: entities.length > 0 ? undefined : "pii",
      text: x.full_text,
      entities,
    });
  });
}

// ------------------------------------------------------------------ benign traffic
const MAX_CHUNK = 6000;
function chunks(text: string): string[] {
  const t = text.trim();
  if (t.length < 20) return [];
  if (t.length <= MAX_CHUNK) return [t];
  const out: string[] = [];
  let cur = "";
  for (const para of t.split(/\n(?=\n)/)) {
    if (cur.length + para.length > MAX_CHUNK && cur.length > 0) {
      out.push(cur);
      cur = "";
    }
    cur += para.length > MAX_CHUNK ? para.slice(0, MAX_CHUNK) : para;
  }
  if (cur.trim().length >= 20) out.push(cur);
  return out;
}

function walkStrings(v: unknown, keys: Set<string>, out: string[], key = ""): void {
  if (typeof v === "string") {
    if (keys.has(key)) out.push(v);
  } else if (Array.isArray(v)) {
    for (const x of v) walkStrings(x, keys, out, key);
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) walkStrings(x, keys, out, k);
  }
}

function listFiles(dir: string, ext: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));
}

function benign(file: string, source: string, group: string, texts: string[], cap: number): void {
  let n = (files.get(file) ?? []).filter((r) => r.source === source).length;
  for (const t of texts) {
    for (const c of chunks(t)) {
      if (n >= cap) return;
      add(file, { id: `${source}_${n}`, source, group, labels: [], text: c });
      n++;
    }
  }
}

function autogen(): void {
  const keys = new Set(["content", "output_text", "summary", "arguments", "result", "system_message", "description"]);
  for (const f of listFiles("autogen/who_and_when/algorithm-generated", ".json")) {
    const out: string[] = [];
    walkStrings((readJson(f) as { history: unknown }).history, keys, out);
    benign("benign_autogen", "autogen_who_and_when_algorithm", f, out, 1000);
  }
  for (const f of listFiles("autogen/who_and_when/hand-crafted", ".json")) {
    const out: string[] = [];
    walkStrings((readJson(f) as { history: unknown }).history, keys, out);
    benign("benign_autogen", "autogen_who_and_when_magentic", f, out, 700);
  }
  for (const f of listFiles("autogen/v02/extracted", ".json")) {
    const out: string[] = [];
    walkStrings(readJson(f), keys, out);
    benign("benign_autogen", "autogen_v02_extracted", f, out, 400);
  }
  for (const f of listFiles("autogen/v02/console", ".txt")) {
    benign("benign_autogen", "autogen_v02_console", f, read(f).split(/\n-{80}\n/), 700);
  }
  for (const f of listFiles("autogen/v04/extracted", ".json")) {
    const out: string[] = [];
    walkStrings(readJson(f), keys, out);
    benign("benign_autogen", "autogen_v04_extracted", f, out.flatMap((o) => o.split(/\n?-{10} [^\n]{1,80} -{10}\n/)), 500);
  }
  for (const f of listFiles("autogen/v04/json", ".json")) {
    const out: string[] = [];
    walkStrings(readJson(f), keys, out);
    benign("benign_autogen", "autogen_v04_json", f, out, 300);
  }
}

function chatdev(): void {
  for (const f of listFiles("benign/chatdev", ".log")) {
    const msgs = read(f)
      .replace(/\x1b\[\d+m/g, "")
      .split(/\n\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} INFO\] /);
    benign("benign_chatdev", "chatdev", f, msgs, 900);
  }
}

function mtbench(): void {
  const qs = read("benign/mtbench/fastchat/llm_judge/data/mt_bench/question.jsonl").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { question_id: number; turns: string[] });
  for (const q of qs) benign("benign_mtbench", "mtbench_questions", String(q.question_id), q.turns, 10_000);
  const ans = read("benign/mtbench/fastchat/llm_judge/data/mt_bench/reference_answer/gpt-4.jsonl").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { question_id: number; choices: { turns: string[] }[] });
  for (const a of ans) benign("benign_mtbench", "mtbench_answers", String(a.question_id), a.choices.flatMap((c) => c.turns), 10_000);
  const vq = read("benign/mtbench/fastchat/llm_judge/data/vicuna_bench/question.jsonl").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { question_id: number; turns: string[] });
  for (const q of vq) benign("benign_mtbench", "vicuna_questions", String(q.question_id), q.turns, 10_000);
}

function bipiaContexts(): void {
  for (const kind of ["email", "table", "code"]) {
    for (const part of ["train", "test"]) {
      const rows = read(`benign/bipia_contexts/${kind}/${part}.jsonl`).split("\n").filter(Boolean);
      const cap = kind === "table" ? 50 : 400;
      rows.slice(0, cap).forEach((l, i) => {
        const r = JSON.parse(l) as Record<string, unknown>;
        const ctx = typeof r.context === "string" ? r.context : Array.isArray(r.context) ? r.context.join("\n") : "";
        const extra = Array.isArray(r.code) ? r.code.join("\n") : typeof r.code === "string" ? r.code : "";
        const err = Array.isArray(r.error) ? r.error.join("\n") : "";
        benign("benign_bipia_contexts", `bipia_context_${kind}`, `${kind}_${part}_${i}`, [ctx + (extra ? "\n" + extra : "") + (err ? "\n" + err : "")], 10_000);
      });
    }
  }
}

function main(): void {
  bipia();
  giskard();
  gptfuzz();
  jailbreakbench();
  payloads();
  gitleaks();
  detectSecretsData();
  presidio();
  autogen();
  chatdev();
  mtbench();
  bipiaContexts();
  fs.mkdirSync(OUT, { recursive: true });
  let total = 0;
  for (const [name, rows] of [...files.entries()].sort()) {
    const body = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
    fs.writeFileSync(path.join(OUT, `${name}.jsonl`), body);
    total += body.length;
    const held = rows.filter((r) => r.split === "heldout").length;
    console.log(`${name.padEnd(24)} ${String(rows.length).padStart(6)} rows  ${String(held).padStart(5)} heldout  ${(body.length / 1024).toFixed(0).padStart(6)} KiB`);
  }
  console.log(`total ${(total / 1024 / 1024).toFixed(2)} MiB`);
}

main();
