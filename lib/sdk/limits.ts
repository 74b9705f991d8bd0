// Limits of the API the SDK must respect. Copied rather than imported from lib/ingest/schemas:
// importing a value from there would bundle zod, the detection engine and the transcript
// adapters into every client. limits.test.ts fails if the copies drift from the server's.

/** Most events in one POST /api/v1/events (the server answers 413 above it). */
export const MAX_EVENTS_PER_BATCH = 1_000;
