/**
 * Entry point of transcript ingestion: turns whatever transcript a user has (canonical Warden JSON,
 * AutoGen 0.2 / AG2 lists, AutoGen 0.4 TaskResults and state, console text of either) into
 * canonical messages. Pure and total: every input, however hostile, yields `{ ok }`, never a throw.
 */
import type { CanonicalTranscript, TranscriptFormat } from "../canonical";
import { parseAutogenV02 } from "./autogenV02";
import { parseAutogenV02ChatMessages } from "./autogenV02ChatMessages";
import { parseAutogenV02Console } from "./autogenV02Console";
import { parseAutogenV04 } from "./autogenV04";
import { parseAutogenV04Console } from "./autogenV04Console";
import { detectFormat } from "./detect";
import { IngestError } from "./errors";
import { parseWarden } from "./warden";

export { detectFormat } from "./detect";

export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = [
  "warden",
  "autogen_v02",
  "autogen_v02_chat_messages",
  "autogen_v04",
  "autogen_v04_console",
  "autogen_v02_console",
] as const;

const PARSERS: Record<TranscriptFormat, (transcript: unknown) => CanonicalTranscript> = {
  warden: parseWarden,
  autogen_v02: parseAutogenV02,
  autogen_v02_chat_messages: parseAutogenV02ChatMessages,
  autogen_v04: parseAutogenV04,
  autogen_v04_console: parseAutogenV04Console,
  autogen_v02_console: parseAutogenV02Console,
};

export type ParseTranscriptResult =
  | { ok: true; value: CanonicalTranscript }
  | { ok: false; error: { message: string; field?: string; acceptedFormats: TranscriptFormat[] } };

export function isTranscriptFormat(value: unknown): value is TranscriptFormat {
  return typeof value === "string" && (TRANSCRIPT_FORMATS as readonly string[]).includes(value);
}

export function parseTranscript(transcript: unknown, format?: TranscriptFormat): ParseTranscriptResult {
  const acceptedFormats = [...TRANSCRIPT_FORMATS];
  const fail = (message: string, field?: string): ParseTranscriptResult => ({
    ok: false,
    error: field === undefined ? { message, acceptedFormats } : { message, field, acceptedFormats },
  });
  let chosen: TranscriptFormat | null = null;
  try {
    if (format !== undefined && !isTranscriptFormat(format)) {
      return fail(`unknown format; accepted formats are ${acceptedFormats.join(", ")}`, "format");
    }
    chosen = format ?? detectFormat(transcript);
    if (chosen === null) {
      return fail(`unrecognised transcript shape; accepted formats are ${acceptedFormats.join(", ")}`, "transcript");
    }
    return { ok: true, value: PARSERS[chosen](transcript) };
  } catch (err) {
    if (err instanceof IngestError) {
      // Say which format the input was read as, so a wrong guess is visible to the user.
      return fail(chosen === null ? err.message : `${err.message} (as ${chosen})`, err.field);
    }
    // Stack overflow on pathological nesting, or anything unforeseen: still an answer, not a crash.
    return fail("transcript could not be parsed", "transcript");
  }
}
