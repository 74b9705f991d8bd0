import { describe, expect, it } from "vitest";
import { loadRows } from "../../eval/detection/evaluate";
import { codeExecutionClean } from "./detectors/code-execution";
import { dataExfiltrationClean } from "./detectors/data-exfiltration";
import { jailbreakClean, jailbreakWords } from "./detectors/jailbreak";
import { nationalIdsClean } from "./detectors/pii-national";
import { promptInjectionClean, promptInjectionWords } from "./detectors/prompt-injection";
import { secretsClean } from "./detectors/secrets";
import { requiredLiterals } from "./literals";
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
    for (const [sets, words] of [[[...promptInjectionClean, ...jailbreakClean, ...codeExecutionClean, ...dataExfiltrationClean, ...secretsClean, nationalIdsClean], false], [[...promptInjectionWords, ...jailbreakWords], true]] as const) {
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
