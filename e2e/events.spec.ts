// "Browse the dashboard", continued: from the demo project's events, narrow to what Warden
// blocked, open one event and read the evidence it was blocked for; the view is a URL that
// survives a reload, so it can be shared.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("the events explorer filters the demo project to blocked events, keeps the filter in the URL and shows one event's evidence", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/warden-demo/p/research-agents/events?range=7d");
  await expect(page.getByTestId("event-row").first()).toBeVisible();

  await page.getByLabel("Verdict").selectOption("blocked");
  await expect(page).toHaveURL(/[?&]verdict=blocked/);
  await expect(page).toHaveURL(/[?&]range=7d/);
  await expect(page.getByTestId("event-row").first()).toHaveAttribute("data-verdict", "blocked");
  await expect(page.locator('[data-testid="event-row"]:not([data-verdict="blocked"])')).toHaveCount(0);

  await page.getByTestId("event-row").first().getByRole("button").first().click();
  await expect(page).toHaveURL(/[?&]event=[^&]+/);
  const detail = page.getByTestId("event-detail");
  await expect(detail.getByTestId("verdict")).toHaveText("blocked");
  await expect(detail.getByTestId("evidence").first()).toBeVisible();
  await expect(detail.getByTestId("finding").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("events.png"), fullPage: true });

  await page.reload();
  await expect(page.getByLabel("Verdict")).toHaveValue("blocked");
  await expect(page.getByRole("button", { name: "last 7d" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("event-row").first()).toHaveAttribute("data-verdict", "blocked");
  await expect(page.getByTestId("event-detail").getByTestId("evidence").first()).toBeVisible();
});

test("a project without events explains how to send the first one", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/my-organization/p/default-project/events?range=1h");
  await expect(page.getByText("No events in the last 1h")).toBeVisible();
  await expect(page.getByText("/api/v1/scan")).toBeVisible();
});

test("a text search goes through the whole range in bounded requests, showing how far back it got", async ({ page }) => {
  // The e2e server reads at most 400 events per search request (global-setup.ts), so 30 days of
  // demo events take many requests; the explorer asks for them one after another by itself.
  await signIn(page, admin().email, admin().password);
  const searches: string[] = [];
  page.on("request", (request) => {
    if (/\/events\?.*q=/.test(request.url())) searches.push(request.url());
  });
  await page.goto("/o/warden-demo/p/research-agents/events?range=30d");
  await expect(page.getByTestId("event-row").first()).toBeVisible();
  await page.getByLabel("Text contains").fill("203.0.113.66");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]q=203.0.113.66/);
  // The demo's incident: the injected web page and the coder's reverse shell.
  await expect(page.getByText("End of the last 30d.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("event-row")).toHaveCount(2);
  await expect(page.getByTestId("search-progress")).toHaveCount(0);
  expect(searches.length).toBeGreaterThan(3);

  // A string found nowhere, each answer held back a little so the walk can be watched: it says
  // how far back it has searched, stops when asked, goes on when asked, and ends in the filters'
  // empty state.
  await page.route(/\/events\?.*q=nowhere/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.getByLabel("Text contains").fill("nowhere-in-the-demo-zq");
  await page.getByRole("button", { name: "Apply" }).click();
  const progress = page.getByTestId("search-progress");
  await expect(progress).toContainText("Searching older events… back to");
  await progress.getByRole("button", { name: "Stop" }).click();
  await expect(progress).toContainText("Searched back to");
  await expect(page.getByText("No matches yet in the last 30d")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("search-stopped.png"), fullPage: true });
  await progress.getByRole("button", { name: "Search older events" }).click();
  await expect(page.getByText("No events match these filters in the last 30d")).toBeVisible({ timeout: 30_000 });
});
