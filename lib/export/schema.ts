/**
 * What an export is: the one schema shared by the export page, the session routes and
 * `GET /api/v1/export`. Pure module (no I/O), safe to import from the browser.
 *
 * Filters mean the same for every format, with one exception the bundle needs: a bundle's
 * messages must stay contiguous so their hash chain verifies, so for `kind=conversations,
 * format=bundle` the agent, verdict and category filters choose WHICH conversations are
 * exported (those with a matching message in the range), and each chosen conversation's
 * messages in the range are all written.
 */
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { CATEGORIES } from "@/lib/detection/types";

export const EXPORT_KINDS = ["conversations", "events"] as const;
export const EXPORT_FORMATS = ["jsonl", "csv", "bundle"] as const;
export type ExportKindChoice = (typeof EXPORT_KINDS)[number];
export type ExportFormatChoice = (typeof EXPORT_FORMATS)[number];

const optionalName = z
  .string()
  .max(256)
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** Query strings carry booleans as text; "false" must not coerce to true. */
const flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "on", ""])])
  .optional()
  .transform((v) => v === true || v === "true" || v === "1" || v === "on");

export const exportChoicesSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS),
    format: z.enum(EXPORT_FORMATS),
    /** Inclusive start and exclusive end; omitted means unbounded on that side. */
    from: isoInstant().optional(),
    to: isoInstant().optional(),
    /** Agent name: the message's sender, or the event's agent. */
    agent: optionalName,
    verdict: z.enum(["allowed", "flagged", "blocked"]).optional(),
    category: z.enum(CATEGORIES).optional(),
    /** The client's conversation id (as sent at ingest). */
    conversation: optionalName,
    /** CSV only: start the file with a UTF-8 byte order mark (Excel on Windows needs it for non-ASCII). */
    bom: flag,
  })
  .refine((c) => !c.from || !c.to || new Date(c.from).getTime() < new Date(c.to).getTime(), {
    message: "must be after from",
    path: ["to"],
  });

export type ExportChoices = z.output<typeof exportChoicesSchema>;

/** The session route's body: the choices, and whether to force a background job. */
export const exportRequestSchema = z.intersection(
  exportChoicesSchema,
  z.object({ delivery: z.enum(["auto", "job"]).default("auto") }),
);

/** The choices as a query string (stream URLs, the API), dropping what is unset. */
export function exportChoicesQuery(choices: ExportChoices): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(choices)) {
    if (value === undefined || value === false || value === "") continue;
    query.set(key, String(value));
  }
  return query;
}

export const FORMAT_EXTENSIONS: Record<ExportFormatChoice, string> = { jsonl: "jsonl", csv: "csv", bundle: "bundle.jsonl" };
export const FORMAT_CONTENT_TYPES: Record<ExportFormatChoice, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  bundle: "application/x-ndjson; charset=utf-8",
};

/** warden-<project>-<kind>-<date>.<ext>: a name that says what the file holds. */
export function exportFileName(projectSlug: string, choices: Pick<ExportChoices, "kind" | "format">, at: Date): string {
  const safe = projectSlug.replace(/[^a-z0-9-]/gi, "-").slice(0, 60) || "project";
  return `warden-${safe}-${choices.kind}-${at.toISOString().slice(0, 19).replace("T", "-").replace(/:/g, "")}.${FORMAT_EXTENSIONS[choices.format]}`;
}
