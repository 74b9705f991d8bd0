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
