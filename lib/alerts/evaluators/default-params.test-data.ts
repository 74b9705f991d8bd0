/** The default rules' parameters, as the tests use them (kept equal to lib/alerts/defaults.ts by defaults.test.ts). */
import type { FloodingParams, RepetitionParams } from "../rule-types";

export const DEFAULT_FLOODING: FloodingParams = { maxMessages: 20, windowSeconds: 60, sharePercent: 85, minMessages: 30 };
export const DEFAULT_REPETITION: RepetitionParams = { minRepeats: 8, similarity: 0.8, lookbackMessages: 50, across: "any_agent" };
