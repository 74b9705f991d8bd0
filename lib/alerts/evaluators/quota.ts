// quota: the organization's usage this month goes from below to at least P% of its quota.
// Judged on the crossing only, so a busy month raises one alert per rule, not one per request.
import type { QuotaParams } from "../rule-types";
import type { AlertMatch } from "./facts";

export interface QuotaInput {
  /** UTC month, YYYY-MM. */
  month: string;
  usedBefore: number;
  usedAfter: number;
  quota: number;
  at: Date;
}

export function evaluateQuotaRule(params: QuotaParams, input: QuotaInput): AlertMatch[] {
  const reached = (used: number) => used * 100 >= params.percent * input.quota;
  if (input.quota <= 0 || reached(input.usedBefore) || !reached(input.usedAfter)) return [];
  return [
    {
      subjectKey: `month:${input.month}`,
      agentName: null,
      conversationId: null,
      title: `Usage reached ${params.percent}% of the monthly quota (${input.usedAfter.toLocaleString("en-US")} of ${input.quota.toLocaleString("en-US")})`,
      measured: { used: input.usedAfter, quota: input.quota, usedPercent: Math.floor((input.usedAfter * 10_000) / input.quota) / 100, percent: params.percent },
      evidence: [],
      firstSeenAt: input.at,
      lastSeenAt: input.at,
    },
  ];
}
