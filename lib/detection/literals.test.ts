import { describe, expect, it } from "vitest";
import { loadRows } from "../../eval/detection/evaluate";
import { codeExecutionClean } from "./detectors/code-execution";
import { dataExfiltrationClean } from "./detectors/data-exfiltration";
import { jailbreakClean, jailbreakWords } from "./detectors/jailbreak";
import { nationalIdsClean } from "./detectors/pii-national";
import { promptInjectionClean, promptInjectionWords } from "./detectors/prompt-injection";
import { promptInjectionI18nWords } from "./detectors/prompt-injection-i18n";
import { secretsClean } from "./detectors/secrets";
import { leadingLiterals, requiredLiterals } from "./literals";
import { cleanView, wordsView } from "./normalize";
import { CompiledRules } from "./rules";
import type { Finding } from "./types";

describe("requiredLiterals", () => {
  it("finds the longest literal run of a concatenation", () => {
    expect(requiredLiterals(/\bcurl\b[^\n]{0,40}\|\s*bash/g)).toEqual(["curl"]);
    expect(requiredLiterals(/a?bcd/)).toEqual(["bcd"]);
    expect(requiredLiterals(/x[abc]{2}defg/)).toEqual(["defg"]);
  });

  it("keeps literal characters adjacent across anchors and lookarounds", () => {
    expect(requiredLiterals(/ab\bcd(?=x)e/)).toEqual(["abcde"]);
    expect(requiredLiterals(/(?<![A-Z])AKIA[A-Z2-7]{16}/)).toEqual(["AKIA"]);
  });

  it("unions the alternatives of a group and of the whole pattern", () => {
    expect(requiredLiterals(/\b(?:nc|ncat|netcat)\s-e\s\/bin\/sh/)).toEqual(["/bin/sh"]);
    expect(requiredLiterals(/socket\.connect|fsockopen\(/i)).toEqual(["socket.connect", "fsockopen("]);
  });

  it("reads escapes as the characters they match and skips their operands", () => {
    expect(requiredLiterals(/\/dev\/tcp\//)).toEqual(["/dev/tcp/"]);
    expect(requiredLiterals(/\u0061bcd/)).toEqual(["bcd"]);
    expect(requiredLiterals(/\cJabc/)).toEqual(["abc"]);
    expect(requiredLiterals(/\x41BCD/)).toEqual(["ABCD"]);
  });

  it("gives up when any alternative or the best run is too short to be selective", () => {
    expect(requiredLiterals(/abc|de/)).toBeNull();
    expect(requiredLiterals(/a.b.c/)).toBeNull();
    expect(requiredLiterals(/(?:abc)?\d+/)).toBeNull();
    expect(requiredLiterals(/(\w+)\1/)).toBeNull();
  });

  it("does not analyse case-insensitive Unicode regexes (\u017f folds to s)", () => {
    expect(requiredLiterals(/secret/iu)).toBeNull();
    expect(requiredLiterals(/secret/u)).toEqual(["secret"]);
  });

  it("filters windows with literals taken as written (a leading backslash-b is no word-boundary flag)", () => {
    const rules = new CompiledRules([
      { category: "code_execution", keywords: null, window: 50, rules: [{ id: "test.backslash_bin", severity: "high", score: 0.9, re: /\\bin\/sh/g, explanation: "test" }] },
    ]);
    const out: Finding[] = [];
    rules.run(cleanView("run C:\\bin/sh now"), out);
    expect(out.map((f) => [f.rule, f.span.start, f.span.end])).toEqual([["test.backslash_bin", 6, 13]]);
  });

  it("only names literals that every real match of every rule contains (tune split)", () => {
    const rows = loadRows("tune");
    const views = rows.map((r) => cleanView(r.text));
    const checks: [string, RegExp, string[]][] = [];
    let matches = 0;
    for (const [sets, words] of [[[...promptInjectionClean, ...jailbreakClean, ...codeExecutionClean, ...dataExfiltrationClean, ...secretsClean, nationalIdsClean], false], [[...promptInjectionWords, ...promptInjectionI18nWords, ...jailbreakWords], true]] as const) {
      for (const set of sets) {
        for (const rule of set.rules) {
          const lits = requiredLiterals(rule.re);
          if (!lits) continue;
          const re = new RegExp(rule.re.source, rule.re.flags.includes("g") ? rule.re.flags : rule.re.flags + "g");
          for (const v of views) {
            const text = words ? wordsView(v).text : v.text;
            for (const m of text.matchAll(re)) {
              // The words-view prefilter ignores spaces, so compare without them there.
              matches++;
              const got = words ? m[0].replace(/ /g, "").toLowerCase() : m[0].toLowerCase();
              if (!lits.some((l) => got.includes(words ? l.replace(/ /g, "").toLowerCase() : l.toLowerCase()))) checks.push([rule.id, rule.re, lits]);
            }
          }
        }
      }
    }
    expect(matches).toBeGreaterThan(1000);
    expect(checks).toEqual([]);
  }, 60_000);
});

describe("leadingLiterals", () => {
  it("names the literal start of every match, across anchors and lookarounds", () => {
    expect(leadingLiterals(/\bcurl\b[^\n]{0,40}\|\s*bash/g)).toEqual(["curl"]);
    expect(leadingLiterals(/(?<![A-Z])AKIA[A-Z2-7]{16}/)).toEqual(["AKIA"]);
    expect(leadingLiterals(/\b(?:nslookup|dig)\b|\bwget -q/)).toEqual(["nslookup", "dig", "wget -q"]);
    // A repeated character still starts the match once.
    expect(leadingLiterals(/ab+c/)).toEqual(["ab"]);
  });

  it("gives up where a match can start otherwise", () => {
    expect(leadingLiterals(/a?bcd/)).toBeNull();
    expect(leadingLiterals(/[xy]abc/)).toBeNull();
    expect(leadingLiterals(/(?:abc)?def/)).toBeNull();
    expect(leadingLiterals(/abc|\w+@/)).toBeNull();
    // Too short, or a word found in nearly every sentence: not worth a keyword.
    expect(leadingLiterals(/x\d+/)).toBeNull();
    expect(leadingLiterals(/\b(?:delete|the) files/)).toBeNull();
  });

  it("skips optional spaces for the words view, whose keyword pass ignores spaces", () => {
    expect(leadingLiterals(/e ?mail ?it/)).toBeNull();
    expect(leadingLiterals(/e ?mail ?it/, true)).toEqual(["emailit"]);
  });

  it("only names literals that every real match of every rule starts with (tune split)", () => {
    const rows = loadRows("tune");
    const views = rows.map((r) => cleanView(r.text));
    const wrong: string[] = [];
    let matches = 0;
    for (const [sets, words] of [[[...promptInjectionClean, ...jailbreakClean, ...codeExecutionClean, ...dataExfiltrationClean, ...secretsClean, nationalIdsClean], false], [[...promptInjectionWords, ...promptInjectionI18nWords, ...jailbreakWords], true]] as const) {
      for (const set of sets) {
        for (const rule of set.rules) {
          const lead = leadingLiterals(rule.re, words)?.map((l) => (words ? l.replace(/ /g, "") : l).toLowerCase());
          if (!lead) continue;
          const re = new RegExp(rule.re.source, rule.re.flags.includes("g") ? rule.re.flags : rule.re.flags + "g");
          for (const v of views) {
            for (const m of (words ? wordsView(v).text : v.text).matchAll(re)) {
              matches++;
              const got = (words ? m[0].replace(/ /g, "") : m[0]).toLowerCase();
              if (!lead.some((l) => got.startsWith(l))) wrong.push(`${rule.id}: ${m[0].slice(0, 40)}`);
            }
          }
        }
      }
    }
    expect(matches).toBeGreaterThan(1000);
    expect(wrong).toEqual([]);
  }, 60_000);

  it("tries a rule only at its leading literals and finds exactly what a search of each window finds", () => {
    // Leads that overlap, touch, and contain one another ("cd" is reported before the
    // "abcde" that contains it, and starts later), packed densely or spread out, in keyword
    // windows (around "z") that begin and end inside them, with a check that rejects some
    // matches (the search goes on after a rejected match, not inside it).
    const re = /(?:abcde|cd|xab)[a-e]{0,3}z?/g;
    const rejectOdd = (m: RegExpExecArray): boolean => m.index % 2 === 0;
    const rule = { id: "test.lead", severity: "high" as const, score: 0.9, re, explanation: "test", check: rejectOdd };
    const whole = new CompiledRules([{ category: "code_execution", keywords: null, window: 0, rules: [rule] }]);
    const windowed = new CompiledRules([{ category: "code_execution", keywords: ["z"], window: 0, rules: [rule] }]);
    let seed = 7;
    const pick = (xs: string[]): string => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return xs[seed % xs.length] ?? "";
    };
    const search = (text: string, ws: number, we: number): number[][] =>
      [...text.slice(ws, we).matchAll(new RegExp(re.source, "g"))].filter((m) => rejectOdd(m)).map((m) => [ws + m.index, ws + m.index + m[0].length]);
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      let text = "";
      const parts = t % 2 === 0 ? ["ab", "abcde", "cd", "xab", "z", " ", "e", "cdcd", "xabcde"] : ["abcde", "cdcd", "xabcdecd", "z", "qqqqqqqqqqqqqqqqqqqq", " "];
      while (text.length < 160) text += pick(parts);
      const view = cleanView(text);
      for (const [rules, windows] of [[whole, [0, text.length]], [windowed, windowed.prefilter(view)[0] ?? []]] as const) {
        const expected: number[][] = [];
        for (let k = 0; k < windows.length; k += 2) expected.push(...search(text, windows[k] ?? 0, windows[k + 1] ?? 0));
        const out: Finding[] = [];
        rules.run(view, out);
        expect(out.map((f) => [f.span.start, f.span.end])).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
