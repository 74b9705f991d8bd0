// Public API of the Warden detection engine. Pure, synchronous, deterministic, no I/O:
// safe to call from route handlers, workers or tests.

export type { Category, Direction, Finding, Severity, Span, Verdict, ScanResult } from "./types";
export { CATEGORIES, DIRECTIONS, SEVERITIES } from "./types";
export type { Policy, PolicyAction, PolicyRule } from "./policy";
export { DEFAULT_POLICY, decideVerdict, policyOverrideSchema, policySchema, resolvePolicy } from "./policy";
export { scanText } from "./scan";
export { maskText } from "./mask";

/** Bumped whenever rules, weights or scoring change, so stored verdicts can be traced. */
export const ENGINE_VERSION = "warden-detect/1.6.2";
