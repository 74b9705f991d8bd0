import { describe, expect, it } from "vitest";
import { pageSegment } from "./nav";

describe("pageSegment", () => {
  it("decodes a client-chosen name, answers null for a malformed escape, and looks NUL up as U+FFFD", () => {
    expect(pageSegment("ops%2Fweb%20surfer")).toBe("ops/web surfer");
    expect(pageSegment("100%")).toBeNull();
    expect(pageSegment("web%00surfer")).toBe("web\ufffdsurfer");
  });
});
