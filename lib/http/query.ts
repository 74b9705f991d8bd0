// Reads and validates a request's query string: 422 naming the field for schema errors.
// Its strings are made storable (lib/http/storable.ts), like JSON bodies'.
import type { z } from "zod";
import { validationError } from "./errors";
import { storable } from "./storable";

export function parseQuery<S extends z.ZodType>(schema: S, url: string): z.output<S> {
  const parsed = schema.safeParse(storable(Object.fromEntries(new URL(url).searchParams.entries())));
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
