// Core types of the detection engine. Kept free of imports so every module can use them.

export const CATEGORIES = [
  "prompt_injection",
  "jailbreak",
  "code_execution",
  "data_exfiltration",
  "secrets",
  "pii",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Verdict = "allowed" | "flagged" | "blocked";

/** UTF-16 offsets into the ORIGINAL text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  category: Category;
  /** Stable id, e.g. "code_execution.reverse_shell.bash". */
  rule: string;
  severity: Severity;
  /** Confidence-weighted risk of this finding, 0..1. */
  score: number;
  span: Span;
  /** One line, safe to show: never contains the matched secret. */
  explanation: string;
}

export interface ScanResult {
  findings: Finding[];
  riskScore: number;
}
