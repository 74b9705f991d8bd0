// Masking for "masked" storage: every secrets and pii finding's span is replaced by
// [REDACTED:<rule>]. Overlapping spans are merged first (the merged run keeps the rule
// of its highest-scoring finding) so no fragment of a secret survives between two
// replacements. Findings from decoded payloads already span the whole encoded run.

import type { Finding } from "./types";

const MASKED_CATEGORIES = new Set(["secrets", "pii"]);

export interface MaskRun {
  start: number;
  end: number;
  rule: string;
  score: number;
}

/**
 * The runs of a text of `length` characters that masking replaces, merged and in
 * order. Shared with the dashboard, which maps finding spans onto the stored text.
 */
export function maskRuns(length: number, findings: readonly (Pick<Finding, "rule" | "score" | "span"> & { category: string })[]): MaskRun[] {
  const spans = findings
    .filter((f) => MASKED_CATEGORIES.has(f.category))
    .map((f) => ({
      start: Math.max(0, Math.min(length, f.span.start)),
      end: Math.max(0, Math.min(length, f.span.end)),
      rule: f.rule,
      score: f.score,
    }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: MaskRun[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) last.end = s.end;
      if (s.score > last.score) {
        last.score = s.score;
        last.rule = s.rule;
      }
    } else {
      merged.push({ ...s });
    }
  }
  return merged;
}

export function maskText(text: string, findings: Finding[]): string {
  const merged = maskRuns(text.length, findings);
  if (merged.length === 0) return text;
  let out = "";
  let pos = 0;
  for (const m of merged) {
    out += text.slice(pos, m.start) + `[REDACTED:${m.rule}]`;
    pos = m.end;
  }
  return out + text.slice(pos);
}
