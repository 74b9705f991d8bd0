// pii: personal data that should be flagged or masked: e-mail addresses, phone numbers,
// payment card numbers (Luhn), US social security numbers, IBANs (mod-97 checksum).
// Checksums do the heavy lifting against false positives: a 16-digit order id fails
// Luhn nine times in ten, a random "GB12ABCD..." string fails mod-97.

import type { View } from "../normalize";
import { pushFinding } from "../rules";
import type { Finding } from "../types";
import { nationalId } from "./pii-national";

const MAX_PER_KIND = 64;
const MAX_DIGIT_CANDIDATES = 8192;

// ---------------------------------------------------------------- e-mail
// Scanned by hand from each '@' (bounded both ways) instead of one big regex, so a
// megabyte of "a@a@a@..." or "aaaa...@" stays linear.
const NOT_TLD = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "js", "ts", "py", "css", "json", "lock", "md", "txt", "html", "tsx", "jsx", "map", "ico"]);

function isLocalChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
function isDomainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
}

function detectEmails(v: View, out: Finding[]): void {
  const t = v.text;
  let at = t.indexOf("@");
  let n = 0;
  let lastEnd = -1;
  while (at >= 0 && n < MAX_PER_KIND) {
    let s = at;
    while (s > 0 && at - s < 64 && s - 1 > lastEnd && isLocalChar(t.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < t.length && e - at < 254 && isDomainChar(t.charCodeAt(e))) e++;
    // Trim trailing dots/hyphens of the domain and leading dots of the local part.
    while (e > at + 1 && (t.charCodeAt(e - 1) === 46 || t.charCodeAt(e - 1) === 45)) e--;
    while (s < at && t.charCodeAt(s) === 46) s++;
    const local = t.slice(s, at);
    const domain = t.slice(at + 1, e);
    const dot = domain.lastIndexOf(".");
    const tld = dot >= 0 ? domain.slice(dot + 1) : "";
    if (
      local.length > 0 &&
      dot > 0 &&
      /^[A-Za-z]{2,24}$/.test(tld) &&
      !NOT_TLD.has(tld.toLowerCase()) &&
      !domain.includes("..") &&
      !/^\d+x$/.test(local) // icon@2x.png style
    ) {
      pushFinding(out, "pii", "pii.email", "low", 0.5, v, s, e, "E-mail address");
      n++;
      lastEnd = e;
    }
    at = t.indexOf("@", Math.max(at + 1, e));
  }
}

// ---------------------------------------------------------------- numbers
// Candidate digit groups: digits with single separators. Bounded and linear: the
// lookbehind rejects non-starting positions immediately.
const DIGIT_RUN = /(?<![\w.+\-/:])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,19}(?:[ .-]\(?\d{1,8}\)?){0,7}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w\-/]|\.\d)/g;

function luhn(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let x = d.charCodeAt(i) - 48;
    if (dbl) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function cardBrand(d: string): boolean {
  const len = d.length;
  if (len < 12 || len > 19) return false;
  if (/^(\d)\1+$/.test(d)) return false;
  if (/^4/.test(d)) return len === 13 || len === 16 || len === 19;
  if (/^(?:5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720))/.test(d)) return len === 16;
  if (/^3[47]/.test(d)) return len === 15;
  if (/^3(?:0[0-5]|[68])/.test(d)) return len >= 14 && len <= 19;
  if (/^(?:6011|64[4-9]|65)/.test(d)) return len >= 16 && len <= 19;
  if (/^35(?:2[89]|[3-8]\d)/.test(d)) return len >= 16 && len <= 19;
  if (/^(?:2131|1800)/.test(d)) return len === 15;
  if (/^(?:50|5[6-9]|6\d)/.test(d)) return len >= 12 && len <= 19; // Maestro
  return false;
}

const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/;
const DATE_LIKE = /^(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])$|^(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:19|20)?\d\d$|^(?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)?\d\d$/;
const PHONE_CONTEXT = /(?:phone|tel|telephone|mobile|cell|fax|call|contact|reach|number|whatsapp|sms|text me|messages?|dial|ring)\W{0,3}(?:\w{1,12}\W{1,3}){0,4}$/i;
const FRENCH_DOTTED = /^0[1-9](?:\.\d\d){4}$/;
const NANP = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?$|^001[ .-]\d{3}[ .-]\d{3}[ .-]\d{4}/;

function detectNumbers(v: View, out: Finding[]): void {
  const t = v.text;
  DIGIT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let cards = 0;
  let phones = 0;
  let ssns = 0;
  let ids = 0;
  // Bound on candidate digit groups examined per view: ordinary messages have a few
  // dozen; a megabyte of digits would otherwise cost several regex tests per group.
  let candidates = 0;
  while ((m = DIGIT_RUN.exec(t)) !== null && ++candidates <= MAX_DIGIT_CANDIDATES) {
    const raw = m[0];
    if (raw.length < 7) continue;
    const s = m.index;
    const e = s + raw.length;
    const ext = raw.search(/\s?(?:x|ext\.?)\s?\d/);
    const digits = (ext >= 0 ? raw.slice(0, ext) : raw).replace(/\D/g, "");
    if (digits.length < 7) continue;
    // Card numbers: 12-19 digits in groups or contiguous, with a valid brand and Luhn.
    if (cards < MAX_PER_KIND && /^[\d -]+$/.test(raw) && cardBrand(digits) && luhn(digits)) {
      pushFinding(out, "pii", "pii.credit_card", "high", 0.85, v, s, e, "Payment card number (passes Luhn check)");
      cards++;
      continue;
    }
    if (ssns < MAX_PER_KIND && digits.length === 9 && SSN.test(raw) && raw.length === 11) {
      pushFinding(out, "pii", "pii.us_ssn", "high", 0.8, v, s, e, "US social security number");
      ssns++;
      continue;
    }
    const national = ids < MAX_PER_KIND ? nationalId(raw, digits, t.slice(Math.max(0, s - 60), s), luhn) : null;
    if (national) {
      pushFinding(out, "pii", national.rule, "high", 0.8, v, s, e, national.what);
      ids++;
      continue;
    }
    if (phones >= MAX_PER_KIND || digits.length > 15) continue;
    // Dotted digits are versions and addresses, except the French way of writing a phone number.
    if (DATE_LIKE.test(raw) || (/^\d+\.\d+(?:\.\d+)*$/.test(raw) && !FRENCH_DOTTED.test(raw))) continue;
    const before = t.slice(Math.max(0, s - 60), s);
    const context = PHONE_CONTEXT.test(before);
    const formatted = raw.startsWith("+") || raw.startsWith("(") || NANP.test(raw) || /\d[ .-]\d/.test(raw);
    // Without a phone word nearby only internationally or NANP-formatted numbers count:
    // agent traffic is full of bare digit runs (ids, timestamps, byte counts).
    if (context && formatted) {
      pushFinding(out, "pii", "pii.phone", "medium", 0.6, v, s, e, "Phone number");
      phones++;
    } else if (NANP.test(raw) || (/^\+\d/.test(raw) && digits.length >= 9)) {
      pushFinding(out, "pii", "pii.phone", "medium", 0.55, v, s, e, "Phone number");
      phones++;
    } else if (formatted && digits.length >= 8 && /^(?:\(?0\d|\(\d{2,3}\)|\d{2,4}[ .-]\d{2,4}[ .-]\d{2,4})/.test(raw) && /[ .-]/.test(raw) && !/^\d{1,3}(?:[ ,]\d{3})+$/.test(raw)) {
      pushFinding(out, "pii", "pii.phone", "low", 0.4, v, s, e, "Possible phone number");
      phones++;
    }
  }
}

// ---------------------------------------------------------------- IBAN
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, "").toUpperCase();
  if (IBAN_LENGTH[s.slice(0, 2)] !== s.length) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

function detectIbans(v: View, out: Finding[]): void {
  IBAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = IBAN.exec(v.text)) !== null && n < MAX_PER_KIND) {
    if (ibanValid(m[0])) {
      pushFinding(out, "pii", "pii.iban", "high", 0.8, v, m.index, m.index + m[0].length, "IBAN (valid mod-97 checksum)");
      n++;
    }
  }
}

const HAS_DIGIT_RUN = /\d[\d ().-]{5}/;

export function detectPii(clean: View, out: Finding[]): void {
  if (clean.text.includes("@")) detectEmails(clean, out);
  if (HAS_DIGIT_RUN.test(clean.text)) {
    detectNumbers(clean, out);
    detectIbans(clean, out);
  }
}
