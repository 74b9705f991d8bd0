/**
 * Adapters signal a shape error by throwing IngestError; parseTranscript catches it (and anything
 * else) at the boundary, so callers only ever see `{ ok: false }`, never an exception.
 */
export class IngestError extends Error {
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.name = "IngestError";
    this.field = field;
  }
}
