import { describe, expect, it } from "vitest";
import { MAX_EVENTS_PER_BATCH as SERVER_MAX_EVENTS_PER_BATCH } from "@/lib/ingest/schemas";
import { MAX_EVENTS_PER_BATCH } from "./limits";

describe("SDK limits", () => {
  it("match the server's, so a batch the SDK builds is never refused for its size", () => {
    expect(MAX_EVENTS_PER_BATCH).toBe(SERVER_MAX_EVENTS_PER_BATCH);
  });
});
