// Is this value plausibly a real credential? Placeholders, documentation examples,
// references and typed values are not. Shared by every secrets rule.

import { entropy } from "../rules";

// Values that are obviously placeholders, documentation examples or references.
export const PLACEHOLDER = /^(?:x+|X+|\*+|\.+|0+|1234\w*|(?:abc|test|dummy|sample|example|fake|your|my)[a-z_-]*\d{0,8}|changeme|change_me|password|passw0rd|secret|token|none|null|undefined|true|false|redacted|placeholder|<[^>]*>|\$\{?[\w.]+\}?|\{\{[^}]*\}\}|%\(?\w+\)?s?|\[[^\]]*\])$/i;
export const HAS_PLACEHOLDER_PART = /x{6,}|X{6,}|\*{4,}|EXAMPLE|example|your[_-]?(?:api[_-]?)?(?:key|token|secret)|YOUR_|<[a-z_ -]+>|\.\.\.|0{12,}|(?:abc123|123456789|abcdefgh){1}|[Rr]edacted|REDACTED|\.\.\[/;

/**
 * Documentation values are typed, not generated: they contain keyboard or alphabet runs
 * ("abcdef", "123456", "klmnopqrstuvwx"). Six or more characters in ascending order
 * almost never occur in a generated key (about 62^-5 per position).
 */
export function hasAscendingRun(value: string, run = 6): boolean {
  let n = 1;
  for (let i = 1; i < value.length; i++) {
    const a = value.charCodeAt(i - 1) | 0x20;
    const b = value.charCodeAt(i) | 0x20;
    const alnum = (b >= 48 && b <= 57) || (b >= 97 && b <= 122);
    n = alnum && b === a + 1 ? n + 1 : 1;
    if (n >= run) return true;
  }
  return false;
}

/**
 * Share of the value covered by runs of 4+ characters in ascending ("abcd", "3456") or
 * descending order. A documentation value typed as "1234567890abcdef..." or "ABCD...XYZ"
 * is mostly runs; a generated one has almost none (a 4-run is about 1 in 62^3).
 */
export function sequenceCoverage(value: string): number {
  if (value.length === 0) return 0;
  let covered = 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i <= value.length; i++) {
    const a = value.charCodeAt(i - 1) | 0x20;
    const b = i < value.length ? value.charCodeAt(i) | 0x20 : -1;
    const alnum = (b >= 48 && b <= 57) || (b >= 97 && b <= 122);
    const nextUp = alnum && b === a + 1 ? up + 1 : 1;
    const nextDown = alnum && b === a - 1 ? down + 1 : 1;
    if (nextUp === 1 && up >= 4) covered += up;
    if (nextDown === 1 && down >= 4) covered += down;
    up = nextUp;
    down = nextDown;
  }
  return covered / value.length;
}

/**
 * Digests everybody has seen: of the empty input (MD5, SHA-1, SHA-256), which stand in
 * for "some hash" in examples, and published documentation keys; and the example token of
 * jwt.io and countless tutorials (its payload, {"sub":"1234567890","name":"John Doe",
 * "iat":1516239022}, whatever it was signed with).
 */
const WELL_KNOWN = /d41d8cd98f00b204e9800998ecf8427e|da39a3ee5e6b4b0d3255bfef95601890afd80709|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|^sk_test_(?:4eC39HqLyjWDarjtT1zdp7dc|BQokikJOvBiI2HlWgH4olfQ2)$|^eyJ[\w-]{8,200}\.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ\./i;

export function isWellKnownValue(value: string): boolean {
  return WELL_KNOWN.test(value);
}

export function realistic(value: string, minEntropy: number): boolean {
  if (PLACEHOLDER.test(value) || HAS_PLACEHOLDER_PART.test(value) || hasAscendingRun(value)) return false;
  return entropy(value) >= minEntropy;
}

/** Public key material and publishable keys: meant to be shared, not secrets. */
const PUBLIC_KEY_VALUE = /^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-|sk-ssh-|AAAAB3NzaC1yc2E|AAAAC3NzaC1lZDI1NTE5|AAAAE2VjZHNhLXNoYTIt|MII[A-Za-z0-9+/]{3}ANBgkqhkiG9w0BAQEFAAOC|MFkwEwYHKoZIzj0CAQ|MHYwEAYHKoZIzj0CAQ|MCowBQYDK2Vw|pk\.eyJ|pk_(?:live|test)_)/;

// Template and format-string fragments anywhere in the value: filled in elsewhere.
// Whole references only (`${DB_PASS}`, `{{ .Values.key }}`, or a `${name.field` cut off
// at the end of the value): a generated password may well contain "${" or "{{" among
// its symbols.
const TEMPLATE_PART = /\$\{[A-Za-z_][\w.:-]*\}|\$\{[A-Za-z_][\w.]{2,}(?:$|\()|\{\{\s?[\w.$| ()'"-]+\s?\}\}|#\{[\w.]+\}|<%=?[^%]*%>|%\(\w+\)[sd]|\{\d\}/;

/** A file-system path: absolute, home- or dot-relative, or word segments joined by "/". */
function isPath(v: string): boolean {
  if (/^(?:[A-Za-z]:\\|~\/|\.{1,2}\/)/.test(v)) return true;
  if (!v.includes("/")) return false;
  // Base64 has "/" too, but its segments mix cases and digits at random; path segments
  // are lower-case words, numbers and file names.
  return v.split("/").every((seg) => /^[a-z0-9_.@~-]*$/.test(seg) && !/^[a-z0-9]{17,}$/.test(seg));
}

/**
 * Identifiers and phrases: snake_case, kebab-case, dotted or camelCase words
 * ("thisIsNotARealSecret", "django-insecure-change-me", "OpenAiApiKeyForProduction").
 * Generated strings split into short consonant clumps instead ("Xq8", "Zk2", "gX69").
 */
export function isWordSequence(v: string): boolean {
  const chunks = v.split(/[_.\-/:]+|(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter((c) => c.length > 0);
  if (chunks.length === 0) return false;
  let wordy = 0;
  let words = 0;
  for (const c of chunks) {
    const word = /^([A-Z]?[a-z]{2,}|[A-Z]{2,6})(\d{0,4})$/.exec(c);
    const letters = word?.[1] ?? "";
    if (word && letters.length >= 3) {
      if (letters.length >= 4 && !/[aeiouyAEIOUY]/.test(letters)) return false;
      wordy += c.length;
      words++;
    } else if (!/^(?:[A-Za-z][a-z]?|\d{1,4}|[A-Za-z]\d{1,2})$/.test(c)) return false;
  }
  return words >= 2 && wordy >= v.replace(/[_.\-/:]/g, "").length * 0.6;
}

const NOT_GENERATED = [
  /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/, // version
  /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/, // date
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/, // IPv4
  /^[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/, // e-mail address (PII, not a secret)
  /^(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24}(?::\d{1,5})?$/, // host name
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(/, // a call: getToken(, os.getenv(
  /^\/\^|\[(?:0-9|A-Z|a-z|A-Za-z|a-zA-Z)/, // a regular expression describing keys
];

/**
 * Values a credential-named field can hold that are not credentials: paths, URLs
 * without userinfo, identifiers, public keys, templates, versions, calls.
 */
export function isNonSecretValue(v: string, password = false): boolean {
  if (PUBLIC_KEY_VALUE.test(v) || TEMPLATE_PART.test(v) || isPath(v)) return true;
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v) && !/:\/\/[^/@\s]*:[^/@\s]*@/.test(v)) return true;
  if (NOT_GENERATED.some((re) => re.test(v))) return true;
  // Passphrases are words by design ("PurpleElephantDancesAtMidnight"); a password made
  // of words is only a stand-in when the words say so ("wrongPassword", "my_pass_here").
  // A lower camelCase name is an identifier in code (`PASSWORD: optionalString`).
  if (password && /^[a-z]+(?:[A-Z][a-z]+)+$/.test(v)) return true;
  return isWordSequence(v) && (!password || STAND_IN_WORD.test(v));
}

const STAND_IN_WORD = /pass|secret|example|sample|test|dummy|fake|change|your|(?:^|[^a-z])my|wrong|invalid|incorrect|default|placeholder|here|value|foo|bar|redact|hidden|mask|none|empty|todo|fixme/i;

/**
 * A base64 value that decodes to readable text which is itself a stand-in
 * ("cGFzc3dvcmQ=" is "password"): the encoding does not make it a secret.
 */
export function isEncodedStandIn(value: string): boolean {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  let text: string;
  try {
    text = atob(value);
  } catch {
    return false;
  }
  if (/[^\x20-\x7e]/.test(text)) return false;
  return PLACEHOLDER.test(text) || HAS_PLACEHOLDER_PART.test(text) || /^(?:pass|password|passwd|secret|admin|root|guest|user|test|changeme|changeit|default|demo)\d{0,4}$/i.test(text) || /^([^:]{1,64}):\1$/.test(text);
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t" };
const STAND_IN_STEM = /pas+w[o]?r?d|passwd|secret|admin|example|sample|changeme|changeit|letmein|welcome|qwerty|dummy|default|placeholder|redacted/;

/**
 * Human-typed stand-ins spelled with digits and symbols ("P@ssw0rd123", "s3cr3t-k3y",
 * "Adm1n!2024"): undoing leetspeak reveals the word.
 */
export function isLeetStandIn(value: string): boolean {
  if (value.length > 40) return false;
  const plain = value.toLowerCase().replace(/[013457@$!|+]/g, (c) => LEET[c] ?? c);
  return STAND_IN_STEM.test(plain);
}

/**
 * Hex digits in both cases ("acdeFf05b1a6..."): generators emit hex in one case, and a
 * base62 string of this length never stays within a-f, so the mix is a hand-edited
 * digest, not a key.
 */
export function isMixedCaseHex(value: string): boolean {
  return value.length >= 16 && /^[0-9a-fA-F]+$/.test(value) && /[a-f]/.test(value) && /[A-F]/.test(value);
}
