// Splits a text into plain and highlighted segments from finding spans, so the UI
// can mark the evidence while rendering everything as text. Pure; unit-tested.

export interface SpanLike {
  span: { start: number; end: number };
  category: string;
  rule: string;
}

export interface Segment {
  text: string;
  start: number;
  /** Findings covering this segment; empty for plain text. */
  findings: SpanLike[];
}

export function highlightSegments(text: string, findings: readonly SpanLike[]): Segment[] {
  const bounds = new Set<number>([0, text.length]);
  const valid = findings.filter((f) => f.span.start >= 0 && f.span.end <= text.length && f.span.start < f.span.end);
  for (const finding of valid) {
    bounds.add(finding.span.start);
    bounds.add(finding.span.end);
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const covering = valid.filter((f) => f.span.start <= start && f.span.end >= end);
    const previous = segments.at(-1);
    // Merge neighbours covered by the same findings, so a span is one mark.
    if (previous && sameFindings(previous.findings, covering)) previous.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), start, findings: covering });
  }
  return segments;
}

function sameFindings(a: SpanLike[], b: SpanLike[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

// Zero-width, bidi and other invisible control characters: shown as visible markers,
// since they are a classic way to hide instructions in plain sight.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;

export interface VisiblePart {
  text: string;
  invisible: boolean;
}

/** Splits text so each invisible character becomes its own part, labelled like "U+202E". */
export function revealInvisible(text: string): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index), invisible: false });
    const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    parts.push({ text: `U+${code}`, invisible: true });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), invisible: false });
  return parts;
}
