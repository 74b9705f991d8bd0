// The scan pipeline: normalise, run every detector on the clean and words views, then
// on decoded payloads (recursively, within budget), de-duplicate and score.

import { restartArena } from "./arena";
import { decodedViews, newBudget, ROT13_WORDS, type DecodeBudget } from "./decode";
import { codeExecutionClean } from "./detectors/code-execution";
import { dataExfiltrationClean } from "./detectors/data-exfiltration";
import { detectJailbreakCues, JAILBREAK_CUE_GROUPS, jailbreakClean, jailbreakWords } from "./detectors/jailbreak";
import { detectPii } from "./detectors/pii";
import { nationalIdsClean } from "./detectors/pii-national";
import { promptInjectionClean, promptInjectionWords } from "./detectors/prompt-injection";
import { detectScriptInjection, promptInjectionI18nWords } from "./detectors/prompt-injection-i18n";
import { detectSecretBlocks, secretsClean } from "./detectors/secrets";
import { detectLearned } from "./learned";
import { cleanView, wordsView, type View } from "./normalize";
import { CompiledRules } from "./rules";
import { shellView } from "./shell-view";
import { CATEGORIES, type Category, type Finding, type ScanResult } from "./types";

/** Inputs above this are scanned in their first MAX_SCAN_CHARS characters only. */
export const MAX_SCAN_CHARS = 2 * 1024 * 1024;

// All rule sets of a view kind share ONE keyword prefilter pass (see prefilter.ts).
const WORDS_RULES = new CompiledRules([...promptInjectionWords, ...promptInjectionI18nWords, ...jailbreakWords], true, JAILBREAK_CUE_GROUPS);
// The ROT13 hint words ride along in the clean-view pass (extra group 0).
const CLEAN_RULES = new CompiledRules([...promptInjectionClean, ...jailbreakClean, ...codeExecutionClean, ...dataExfiltrationClean, ...secretsClean, nationalIdsClean], false, [{ keywords: ROT13_WORDS, radius: 0 }]);

function scanView(clean: View, out: Finding[], budget: DecodeBudget): void {
  const words = wordsView(clean);
  const wordWindows = WORDS_RULES.prefilter(words);
  WORDS_RULES.run(words, out, wordWindows);
  detectJailbreakCues(words, wordWindows.slice(WORDS_RULES.extraBase, WORDS_RULES.extraBase + JAILBREAK_CUE_GROUPS.length), out);
  detectLearned(words, out, clean);
  detectScriptInjection(clean, words, out);
  const cleanWindows = CLEAN_RULES.prefilter(clean);
  CLEAN_RULES.run(clean, out, cleanWindows);
  // Shell commands disguised by quoting, expansion or glob tricks: the same rules on
  // the de-obfuscated text (null, and free, when the text has no evasion marker).
  const shell = shellView(clean);
  if (shell) CLEAN_RULES.run(shell, out, CLEAN_RULES.prefilter(shell));
  detectSecretBlocks(clean, out);
  detectPii(clean, out);
  const rot13Hint = cleanWindows[CLEAN_RULES.extraBase] != null;
  for (const child of decodedViews(clean, budget, rot13Hint)) scanView(child, out, budget);
}

function dedupe(findings: Finding[]): Finding[] {
  // Same rule on the same span (e.g. found raw and again inside a decoded URL): keep
  // the highest score. Sorted by position for stable output.
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const k = `${f.rule}|${f.span.start}|${f.span.end}`;
    const prev = best.get(k);
    if (!prev || f.score > prev.score) best.set(k, f);
  }
  return [...best.values()].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule));
}

/**
 * Whole-text risk: per category, a noisy-OR of the findings' scores (several
 * independent pieces of evidence raise confidence), then the maximum over categories.
 * PII alone is capped at 0.5: personal data is a privacy concern, not an attack.
 */
export function riskScore(findings: Finding[]): number {
  const keep = new Map<Category, number>();
  for (const c of CATEGORIES) keep.set(c, 1);
  for (const f of findings) keep.set(f.category, (keep.get(f.category) ?? 1) * (1 - f.score * 0.9));
  let risk = 0;
  for (const f of findings) risk = Math.max(risk, f.score);
  for (const [c, rest] of keep) {
    const combined = 1 - rest;
    risk = Math.max(risk, c === "pii" ? Math.min(0.5, combined) : combined);
  }
  if (findings.every((f) => f.category === "pii")) risk = Math.min(risk, 0.5);
  return Math.round(Math.min(1, risk) * 1000) / 1000;
}

export function scanText(text: string): ScanResult {
  if (typeof text !== "string" || text.length === 0) return { findings: [], riskScore: 0 };
  const input = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const out: Finding[] = [];
  restartArena();
  scanView(cleanView(input), out, newBudget());
  const findings = dedupe(out);
  return { findings, riskScore: riskScore(findings) };
}
