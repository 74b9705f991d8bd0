import { describe, expect, it } from "vitest";
import { feedQuery, readFeedView } from "./feed-params";

describe("alert feed URL", () => {
  it("reads the tab and filters, dropping values the route would refuse", () => {
    const view = readFeedView(new URLSearchParams("status=acknowledged&severity=urgent&rule_type=flooding&agent=%20web_surfer%20"));
    expect(view).toEqual({ status: "acknowledged", severity: null, ruleType: "flooding", agent: "web_surfer" });
    expect(readFeedView(new URLSearchParams("status=closed")).status).toBe("open");
  });
  it("writes the same names back, with the cursor of the next page", () => {
    expect(feedQuery({ status: "open", severity: "high", ruleType: null, agent: "coder" }, "abc")).toBe("status=open&severity=high&agent=coder&cursor=abc");
  });
});
