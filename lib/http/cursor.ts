// Opaque keyset cursors: (time, id) of the last row of a page, so pages stay stable
// while new rows arrive.
import { z } from "zod";
import { isoInstant } from "./instant";
import { ApiError } from "./errors";

// An empty id marks a boundary rather than a row: the next page starts strictly before `t`
// (a bounded search that stopped there, lib/ingest/read.ts).
const cursorSchema = z.object({ t: isoInstant({ offset: false }), id: z.string().max(100) });
export type Cursor = { at: Date; id: string };

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: at.toISOString(), id })).toString("base64url");
}

export function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { at: new Date(parsed.t), id: parsed.id };
  } catch {
    throw new ApiError("validation_failed", "cursor: not a cursor this API returned", { field: "cursor" });
  }
}
