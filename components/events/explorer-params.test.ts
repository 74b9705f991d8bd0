import { describe, expect, it } from "vitest";
import { eventsQuery, hasFilters, nextPageQuery, readExplorerView, withChange } from "./explorer-params";

describe("explorer URL", () => {
  it("reads a shared link's filters and drops values the API would refuse", () => {
    const view = readExplorerView(new URLSearchParams("verdict=blocked&direction=sideways&category=secrets&agent=%20coder%20&range=forever&event=abc"));
    expect(view).toMatchObject({ verdict: "blocked", direction: null, category: "secrets", agent: "coder", range: "24h", event: "abc" });
    expect(hasFilters(view)).toBe(true);
    expect(hasFilters(readExplorerView(new URLSearchParams("range=7d&event=abc")))).toBe(false);
  });

  it("prefers an explicit from/to over a preset, and falls back to the last 24h for a reversed one (as the range picker does)", () => {
    const explicit = readExplorerView(new URLSearchParams("range=7d&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z"));
    expect(explicit).toMatchObject({ range: null, from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z" });
    expect(eventsQuery(explicit).get("range")).toBeNull();
    const reversed = readExplorerView(new URLSearchParams("range=7d&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"));
    expect(reversed).toMatchObject({ range: "24h", from: null, to: null });
  });

  it("maps the view to the route's parameters and pins the first page's range for the next ones", () => {
    const view = readExplorerView(new URLSearchParams("agent=coder&conversation=c-1&q=50%25_off&range=7d"));
    expect(Object.fromEntries(eventsQuery(view))).toEqual({ limit: "50", agent_id: "coder", conversation_id: "c-1", q: "50%_off", range: "7d" });
    const next = nextPageQuery(view, { from: "2026-03-01T00:00:00.000Z", to: "2026-03-08T00:00:00.000Z" }, "CUR");
    expect(Object.fromEntries(next)).toMatchObject({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-08T00:00:00.000Z", cursor: "CUR" });
    expect(next.get("range")).toBeNull();
  });

  it("writes a change back, keeping the other keys, and a preset replaces an explicit range", () => {
    expect(withChange("verdict=blocked&range=7d", { agent: "coder" })).toBe("verdict=blocked&range=7d&agent=coder");
    expect(withChange("verdict=blocked&event=e1", { verdict: null })).toBe("event=e1");
    expect(withChange("from=2026-03-01T00%3A00%3A00Z&to=2026-03-02T00%3A00%3A00Z", { range: "1h" })).toBe("range=1h");
  });
});
