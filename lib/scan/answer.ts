// The scan answer as the API documents it (snake_case), from a project scan.
import type { ProjectScan } from "./project-detection";
import type { ScanResponse } from "./schemas";

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function toScanResponse(id: string | null, scan: ProjectScan): ScanResponse {
  return {
    id,
    blocked: scan.blocked,
    verdict: scan.verdict,
    risk_score: round(scan.riskScore, 4),
    threats: scan.findings.map((finding) => ({
      category: finding.category,
      rule: finding.rule,
      severity: finding.severity,
      score: round(finding.score, 4),
      span: { start: finding.span.start, end: finding.span.end },
      explanation: finding.explanation,
    })),
    latency_ms: round(scan.latencyMs, 3),
  };
}
