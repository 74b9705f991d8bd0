// The start of the "browse the dashboard" journey: the overview of the demo project
// shows tiles and the blocked-event timeline; a project without events explains
// what to do next.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("the demo project's overview shows counts, a timeline with bars and the agents with blocked events", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/warden-demo/p/research-agents/overview?range=7d");
  await expect(page.getByTestId("tile-events")).toBeVisible();
  const events = Number((await page.getByTestId("tile-events").locator("div").nth(1).textContent())?.replace(/,/g, ""));
  expect(events).toBeGreaterThan(1_000);
  await page.screenshot({ path: test.info().outputPath("overview.png"), fullPage: true });
  await expect(page.getByTestId("timeline-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("top-agent").first()).toBeVisible();
  await expect(page.getByTestId("top-agent").filter({ hasText: "coder" })).toBeVisible();
});

test("a project without events shows an empty state with the API call to start with", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/my-organization/p/default-project/overview?range=1h");
  await expect(page.getByText("No events in the last 1h")).toBeVisible();
  await expect(page.getByText("/api/v1/scan")).toBeVisible();
});

test("the overview lists the demo project's recent alerts and links to them", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/warden-demo/p/research-agents/overview?range=30d");
  const recent = page.getByTestId("recent-alert");
  await expect(recent.filter({ hasText: "demo-incident-echo-loop" })).toBeVisible();
  await recent.filter({ hasText: "demo-incident-echo-loop" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/);
  await expect(page.getByText("demo-incident-echo-loop").first()).toBeVisible();
});
