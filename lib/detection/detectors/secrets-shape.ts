// Building blocks for credential-format rules: the rule record, token boundaries and the
// keyword-anchored assignment shape. Shared by secrets.ts and secrets-formats.ts.

import type { Keyword } from "../rules";
import type { Severity } from "../types";

export interface KeyDef {
  id: string;
  re: RegExp;
  severity: Severity;
  score: number;
  what: string;
  /** Prefilter keywords: every match contains one (case-sensitive ones flagged cs). */
  kw: Keyword[];
  /** Minimum Shannon entropy (bits/char) of the whole match; 0 to skip. */
  minEntropy?: number;
  /** Capture group holding the secret value, if not the whole match. */
  group?: number;
  /**
   * Tokens that can run past the default keyword window (JWTs, session tokens, base64
   * service-account blobs): searched in a wide window so the whole token is seen.
   */
  long?: boolean;
  /** Characters of fixed prefix that placeholder checks skip (padding such as "AAAA"). */
  fixedPrefix?: number;
  /** Extra validation of the value (structure, checksum); false rejects the match. */
  valid?: (value: string, m: RegExpExecArray) => boolean;
}

export const B = "(?<![A-Za-z0-9_\\-])"; // left boundary for tokens
export const E = "(?![A-Za-z0-9_\\-])"; // right boundary

export function rx(src: string, flags = "g"): RegExp {
  return new RegExp(src, flags);
}

/** Case-sensitive prefix keyword. */
export const cs = (kw: string): Keyword => ({ kw, cs: true });

/**
 * gitleaks-style keyword-anchored value: `<name containing kw> <assignment> <value>`, e.g.
 * `MAILCHIMP_API_KEY = "..."`, `"okta_token": "..."`. The value is capture group 1.
 */
export function assigned(kw: string, value: string): RegExp {
  // Same shape as gitleaks' keyword rules: name, up to 20 name characters, an
  // assignment operator, up to 5 quote/space characters, the value, then a terminator.
  return rx(`(?:${kw})(?:[ \\t\\w.-]{0,20})[\\s'"]{0,3}(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)[\\x60'"\\s=]{0,5}(${value})(?=[\\x60'"\\s;,)\\]}]|\\\\[nr]|$)`, "gi");
}
