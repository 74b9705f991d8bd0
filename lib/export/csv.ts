/**
 * CSV that spreadsheets open safely: RFC 4180 (every field quoted when it holds a quote, comma,
 * CR or LF; quotes doubled; CRLF between records) and formula neutralisation.
 *
 * Written by hand rather than with csv-stringify: the package is not installed here, and the part
 * that matters (neutralising cells a spreadsheet would run) has to be Warden's own either way.
 */

/** UTF-8 byte order mark, for spreadsheets that otherwise guess a legacy code page. */
export const UTF8_BOM = "\uFEFF";

// A spreadsheet treats a cell starting with one of these as a formula (or, for tab and CR,
// strips them and then looks again): =HYPERLINK(...), =cmd|' /C calc'!A0, @SUM(...), +1+1.
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** Prefixes a cell that a spreadsheet would evaluate with `'`, which makes it plain text. */
export function neutraliseCell(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

/** One field: neutralised, then quoted per RFC 4180 when needed. Numbers and booleans are written as they are. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // A negative number is data, not a formula; only text a person or agent wrote is neutralised.
  const text = typeof value === "string" ? neutraliseCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, terminated by CRLF as RFC 4180 says. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
