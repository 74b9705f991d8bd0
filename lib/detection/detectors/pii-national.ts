// pii, continued: national identity numbers besides the US SSN (warden-detect/1.4.0). They are
// judged on the digit groups the number detector already found (detectNumbers in pii.ts), so
// they cost no pass of their own over the text. Each is validated by its check digit and,
// where a 9-digit number's check is weak, must be named just before it. From the issuing
// authorities' published formats:
//   France NIR        sex, year, month, department, commune, order (13 digits) and a mod-97 key
//   India Aadhaar     12 digits in three groups of four, Verhoeff check digit
//   Netherlands BSN   9 digits, the "11-proof", named (BSN, burgerservicenummer)
//   Canada SIN        9 digits (in groups of three or not), Luhn, named (SIN, social insurance)
// (Corsican NIRs, with 2A / 2B for a department, are not digit groups and are not seen.)

import type { RuleSet } from "../rules";

const NIR_SHAPE = /^[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?\d{2}[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}$/;
const AADHAAR_SHAPE = /^[2-9]\d{3}([ -])\d{4}\1\d{4}$/;
// Four-four-four digit groups are also parcel tracking, order and account numbers; one in ten
// passes Verhoeff by chance, so a number named as one of those just before it is not taken.
const OTHER_NUMBER_BEFORE = /\b(?:tracking|track|order|invoice|account|acct|reference|ref|ticket|case|confirmation|serial|awb|waybill|parcel|shipment|booking|transaction|txn|receipt|policy|customer)\b(?:\s{0,2}(?:no|nr|number|num|id|code))?\.?\s{0,2}[:#]{0,2}\s{0,2}$/i;
const SIN_SHAPE = /^\d{3}([ -]?)\d{3}\1\d{3}$/;
const BSN_CONTEXT = /\b(?:bsn|burgerservicenummer|sofi-?nummer)\b[^\n]{0,30}$/i;
const SIN_CONTEXT = /\b(?:sin|social insurance(?: number)?|num[ée]ro d'assurance sociale|nas)\b[^\n]{0,30}$/i;

function nirKeyValid(digits: string): boolean {
  let rem = 0;
  for (let i = 0; i < 13; i++) rem = (rem * 10 + digits.charCodeAt(i) - 48) % 97;
  return 97 - rem === Number(digits.slice(13));
}

// Verhoeff: the dihedral group D5's multiplication and the position permutation.
const V_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const V_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = V_D[c]![V_P[i % 8]![digits.charCodeAt(digits.length - 1 - i) - 48]!]!;
  return c === 0;
}

function elevenProof(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (d.charCodeAt(i) - 48);
  return (sum - (d.charCodeAt(8) - 48)) % 11 === 0;
}

/**
 * Which national identity number a digit group is, if any: `raw` as found in the text,
 * `digits` its digits, `before` up to 60 characters before it, `luhn` the card check.
 */
export function nationalId(raw: string, digits: string, before: string, luhn: (d: string) => boolean): { rule: string; what: string } | null {
  if (/^(\d)\1+$/.test(digits)) return null;
  if (digits.length === 15 && NIR_SHAPE.test(raw) && nirKeyValid(digits)) return { rule: "pii.fr_nir", what: "French social security number (valid key)" };
  if (digits.length === 12 && AADHAAR_SHAPE.test(raw) && verhoeffValid(digits) && !OTHER_NUMBER_BEFORE.test(before)) return { rule: "pii.in_aadhaar", what: "Indian Aadhaar number (valid Verhoeff check digit)" };
  if (digits.length !== 9) return null;
  if (/^\d{9}$/.test(raw) && elevenProof(digits) && BSN_CONTEXT.test(before)) return { rule: "pii.nl_bsn", what: "Dutch citizen service number (BSN, valid 11-proof)" };
  if (SIN_SHAPE.test(raw) && luhn(digits) && SIN_CONTEXT.test(before)) return { rule: "pii.ca_sin", what: "Canadian social insurance number (valid Luhn)" };
  return null;
}

// National ids that are not digit groups, so the number detector never sees them: Spain's DNI
// (8 digits and a check letter) and NIE (X, Y or Z, 7 digits, a check letter), and the UK's
// National Insurance number (two prefix letters, three pairs of digits, a suffix A-D). Rules on
// the clean view behind keywords, so a text that does not name the document costs nothing; the
// Spanish letter is checked (mod 23), the British prefix against the letters HMRC never issues.
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
const NINO_NEVER_ISSUED = new Set(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]);

export const nationalIdsClean: RuleSet = {
  category: "pii",
  keywords: null, // per rule
  window: 80,
  rules: [
    {
      id: "pii.es_dni",
      keywords: ["dni", "nie", "nif", "documento nacional", "identidad", "identity number", "id number"],
      severity: "high",
      score: 0.8,
      re: /(?<![A-Za-z0-9])(?:(\d{8})|([XYZ])[ -]?(\d{7}))[ -]?([A-HJ-NP-TV-Z])(?![A-Za-z0-9])/gi,
      check: (m) => {
        const number = m[1] ?? `${"XYZ".indexOf(m[2]!.toUpperCase())}${m[3]}`;
        return DNI_LETTERS[Number(number) % 23] === m[4]!.toUpperCase();
      },
      explanation: "Spanish national identity number (DNI or NIE, check letter valid)",
    },
    {
      id: "pii.uk_nino",
      keywords: ["national insurance", "nino", "ni number", "ni no", "n.i. number", "n.i. no"],
      severity: "high",
      score: 0.8,
      re: /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/gi,
      check: (m) => !NINO_NEVER_ISSUED.has(m[1]!.toUpperCase()),
      explanation: "UK National Insurance number",
    },
  ],
};
