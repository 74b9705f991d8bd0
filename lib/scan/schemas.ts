// The scan API's request and response, shared by the route, the SDK and the tests.
import { z } from "zod";
import { DIRECTIONS } from "@/lib/detection";

/** Longest text one scan accepts, in UTF-16 code units (JavaScript string length). Longer: 413. */
export const MAX_SCAN_TEXT_LENGTH = 262_144;
/** Request bodies above this are refused with 413 before parsing. */
export const MAX_SCAN_BODY_BYTES = 2_000_000;
const MAX_METADATA_JSON = 16_384;

const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const scanRequestSchema = z.object({
  text: z.string({ error: "must be a string" }).min(1, "must not be empty"),
  direction: z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(", ")}` }),
  context: z.object(
    {
      agent_id: name,
      conversation_id: name.optional(),
      to_agent: name.optional(),
      metadata: z
        .record(z.string(), z.unknown())
        .optional()
        .refine((value) => value === undefined || JSON.stringify(value).length <= MAX_METADATA_JSON, {
          message: `must be at most ${MAX_METADATA_JSON} characters of JSON`,
        }),
    },
    { error: "must be an object with agent_id" },
  ),
});
export type ScanRequest = z.output<typeof scanRequestSchema>;

export const threatSchema = z.object({
  category: z.string(),
  rule: z.string(),
  severity: z.enum(["low", "medium", "high", "critical"]),
  score: z.number(),
  span: z.object({ start: z.number().int(), end: z.number().int() }),
  explanation: z.string(),
});

export const scanResponseSchema = z.object({
  id: z.string().nullable(),
  blocked: z.boolean(),
  verdict: z.enum(["allowed", "flagged", "blocked"]),
  risk_score: z.number().min(0).max(1),
  threats: z.array(threatSchema),
  latency_ms: z.number(),
});
export type ScanResponse = z.output<typeof scanResponseSchema>;
