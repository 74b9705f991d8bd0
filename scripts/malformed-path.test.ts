import { describe, expect, it } from "vitest";
import { hasMalformedPath, MALFORMED_PATH_BODY } from "./malformed-path.mjs";

describe("hasMalformedPath", () => {
  it("accepts well-formed paths, encoded or not, whatever the query holds", () => {
    expect(hasMalformedPath("/o/a/p/b/agents/ops%2Fweb%20surfer?range=24h")).toBe(false);
    expect(hasMalformedPath("/api/v1/conversations/run%207")).toBe(false);
    expect(hasMalformedPath("/plain/path")).toBe(false);
    // The query is Next.js's to parse: a bad escape there is not a path problem.
    expect(hasMalformedPath("/events?q=100%")).toBe(false);
  });

  it("flags bare '%' and truncated or invalid UTF-8 escapes in the path", () => {
    expect(hasMalformedPath("/agents/50%")).toBe(true);
    expect(hasMalformedPath("/agents/%E0%A4%A")).toBe(true);
    expect(hasMalformedPath("/agents/%C3%28?x=1")).toBe(true);
  });

  it("answers in the API's error shape, naming the field", () => {
    expect(JSON.parse(MALFORMED_PATH_BODY)).toMatchObject({ error: { code: "bad_request", field: "url" } });
  });
});
