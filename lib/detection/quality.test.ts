import { describe, expect, it } from "vitest";
import { evaluate, piiEntityRecall } from "../../eval/detection/evaluate";

// Regression floors on the HELD-OUT corpora (eval/detection/data, split=heldout), a
// little under the figures measured when these were set. `npm run eval:detection`
// prints the full report. Raise the floors when the engine improves; never lower them
// to make a change pass without saying why.
// Measured (warden-detect/1.2.0, 2026-11-26): prompt_injection 97.3% / 0.5% FP (BIPIA
// task-irrelevant requests reported separately, see below), jailbreak 91.8% / 0.4%,
// code_execution 71.8% / 0%, data_exfiltration 68.2% / 0% (22 rows), secrets 75.9% / 0%
// (23.5% of near misses flagged).
// code_execution after the code-*.ts detector modules (same day): 76/103 = 73.8% / 0% FP.
// data_exfiltration's floor is lower than before (0.65) only because its corpus grew: the
// two PayloadsAllTheThings blocks under "Time Based Data Exfiltration" joined the 20 BIPIA
// rows (build-corpus.ts labels blocks by their section heading); 1.1.0 scored 14/22 = 63.6%
// on the same 22 rows, 1.2.0 scores 15/22. With the exfil-spyware / exfil-shell /
// exfil-instruction rules (2026-11-26) it scores 17/22 = 77.3% (PayloadsAllTheThings
// command-injection 2/2, BIPIA code 15/20), benign FP 0/1939.
const FLOORS = {
  prompt_injection: { recall: 0.94, fp: 0.008 },
  jailbreak: { recall: 0.89, fp: 0.007 },
  code_execution: { recall: 0.72, fp: 0.003 },
  data_exfiltration: { recall: 0.75, fp: 0.003 },
  secrets: { recall: 0.74, fp: 0.003 },
} as const;

describe("detection quality on held-out data", () => {
  const report = evaluate("heldout");

  for (const [category, floor] of Object.entries(FLOORS)) {
    it(`${category}: recall >= ${floor.recall}, benign FP <= ${floor.fp}`, () => {
      const s = report.perCategory.find((c) => c.category === category);
      expect(s).toBeDefined();
      expect(s!.attacks).toBeGreaterThan(0);
      expect(s!.recall).toBeGreaterThanOrEqual(floor.recall);
      expect(s!.fpRate).toBeLessThanOrEqual(floor.fp);
    });
  }

  it("pii: entity recall >= 0.92", () => {
    expect(piiEntityRecall(report)).toBeGreaterThanOrEqual(0.92);
  });

  // warden-detect/1.3.0 (secrets helper, 2026-11-26): 19 of 85 near misses flagged
  // (22.4%, was 20 of 85); recall 75.9% unchanged.
  it("secrets: near-miss false positives (gitleaks allow-listed examples) stay under 24%", () => {
    const s = report.perCategory.find((c) => c.category === "secrets")!;
    expect(s.nearMissFp / s.nearMiss).toBeLessThanOrEqual(0.24);
  });

  it("reports rows kept out of recall instead of dropping them", () => {
    // BIPIA task-irrelevant requests and gitleaks extraction stubs stay in the corpus and
    // are listed per source; recall including them stays visible too.
    const uncounted = report.perSource.filter((p) => p.uncounted);
    expect(uncounted.map((p) => p.source).sort()).toEqual(["bipia_text_task_irrelevant", "gitleaks_stub"]);
    expect(uncounted.every((p) => p.n > 0)).toBe(true);
    expect(report.recallIncludingUncounted.prompt_injection).toBeGreaterThanOrEqual(0.75);
  });
});
