// Journey: from the Agents page to one agent's page (its verdict timeline, top findings, who
// it talks to, its conversations), then a custom time range typed in the viewer's zone,
// validated, kept in the URL and shown back in that zone.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

const DEMO = "/o/warden-demo/p/research-agents";
const ZONE = "America/New_York";

test.use({ timezoneId: ZONE });

/** The datetime-local value of `instant` on ZONE's wall clock: "2026-11-12T09:30". */
function wallClock(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test("an agent's page shows its timeline, findings, peers and conversations, and links on to them", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto(`${DEMO}/agents?range=7d`);
  await page.getByTestId("agent-row").filter({ hasText: "coder" }).getByRole("link", { name: "coder", exact: true }).click();
  await expect(page).toHaveURL(/\/agents\/coder\?range=7d$/);
  await expect(page.getByRole("heading", { level: 1, name: "coder" })).toBeVisible();

  await expect(page.getByTestId("timeline-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  expect(Number((await page.getByTestId("agent-stat-blocked").locator("div").nth(1).textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
  // The demo's reverse shell was blocked: code execution is among the coder's findings, with its rule.
  await expect(page.getByTestId("agent-finding-category").filter({ hasText: "code execution" })).toBeVisible();
  await expect(page.getByTestId("agent-finding-rule").filter({ hasText: "code_execution." }).first()).toBeVisible();
  await expect(page.getByTestId("agent-peer-out").filter({ hasText: "executor" })).toBeVisible();
  await expect(page.getByTestId("agent-conversation").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("agent-detail.png"), fullPage: true });

  // A conversation of the agent opens its page, which links its agents back here.
  await page.getByTestId("agent-conversation").first().getByRole("link").click();
  await expect(page.getByTestId("conversation-title")).toBeVisible();
  await page.getByTestId("conversation-participants").getByRole("link", { name: "executor", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "executor" })).toBeVisible();
  await expect(page.getByTestId("agent-peer-in").filter({ hasText: "coder" })).toBeVisible();

  await page.goto(`${DEMO}/agents/no_such_agent`);
  await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
});

test("a custom range is validated, written to the URL as UTC instants and shown in the viewer's zone", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto(`${DEMO}/agents/coder?range=24h`);
  await expect(page.getByTestId("agent-stat-events")).toBeVisible();

  const picker = page.getByTestId("time-range-picker");
  await picker.getByRole("button", { name: "Custom" }).click();
  const form = page.getByRole("form", { name: "Custom time range" });
  await expect(form).toContainText(ZONE);

  // The end before the start is refused in place; nothing changes in the URL.
  await form.getByLabel("From").fill("2026-03-10T12:00");
  await form.getByLabel("To").fill("2026-03-09T12:00");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(form.getByRole("alert")).toHaveText("The end must be after the start.");
  await form.getByLabel("To").fill("2026-09-10T12:00");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(form.getByRole("alert")).toContainText("at most 93 days");
  await expect(page).toHaveURL(/range=24h$/);

  // The last 14 days, typed on New York's wall clock.
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - 14 * 86_400_000);
  await form.getByLabel("From").fill(wallClock(from));
  await form.getByLabel("To").fill(wallClock(to));
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(form).toBeHidden();
  await expect(page).toHaveURL(/[?&]from=/);
  const url = new URL(page.url());
  expect(url.searchParams.get("from")).toBe(from.toISOString());
  expect(url.searchParams.get("to")).toBe(to.toISOString());
  expect(url.searchParams.get("range")).toBeNull();
  await expect(picker.getByRole("button", { name: "last 24h" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("custom-range")).toContainText(`${wallClock(from).slice(11)} – `);
  await expect(page.getByTestId("custom-range")).toContainText("GMT-5");
  await expect(page.getByTestId("timeline-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();

  // The URL is the view: reloading it, or sharing it, shows the same range.
  await page.reload();
  await expect(page.getByTestId("custom-range")).toContainText(wallClock(from).slice(11));

  // A range before the demo data: the agent page says there is nothing and how to get some.
  await picker.getByRole("button", { name: "Custom" }).click();
  await form.getByLabel("From").fill("2025-01-01T00:00");
  await form.getByLabel("To").fill("2025-01-02T00:00");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(/No scan events of coder in 1 Jan 2025/)).toBeVisible();

  // The same picker drives the other pages: a preset there replaces the custom range.
  await page.goto(`${DEMO}/events?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&verdict=blocked`);
  await expect(page.getByTestId("custom-range")).toContainText(wallClock(from).slice(11));
  await page.getByTestId("time-range-picker").getByRole("button", { name: "last 7d" }).click();
  await expect(page).toHaveURL(/verdict=blocked&range=7d$/);
});

test("agents and conversations whose names need URL encoding ('/', '%', spaces, '?', '#') open their own pages", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  // A project of its own, so the demo project's agents stay as the other journeys expect them.
  await page.goto(`${DEMO}/settings/projects`);
  await page.getByLabel("New project name").fill("Odd agent names");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/p\/odd-agent-names\/overview$/);
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name").fill("odd names");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key-secret").textContent())!.trim();

  const names = ["ops/web surfer", "50% planner", "coder?v=2#x"];
  const conversation = "run 7/b?x=1#%";
  const sent = await page.request.post("/api/v1/conversations", {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      conversation_id: conversation,
      transcript: { messages: names.map((sender, i) => ({ sender, recipients: [names[(i + 1) % names.length]!], content: `step ${i}` })) },
    },
  });
  expect(sent.ok()).toBe(true);

  const project = "/o/warden-demo/p/odd-agent-names";
  const headings: string[] = [];
  for (const [i, name] of names.entries()) {
    await page.goto(`${project}/agents?range=24h`);
    await page.getByTestId("agent-row").filter({ hasText: name }).getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(`${project}/agents/${encodeURIComponent(name)}?range=24h`);
    // The page and its data route both resolved the name: it sends to the next agent.
    await expect(page.getByTestId("agent-peer-out").first()).toContainText(names[(i + 1) % names.length]!);
    headings.push((await page.getByRole("heading", { level: 1 }).textContent()) ?? "");
  }
  expect(headings).toEqual(names);

  // The conversation opens from the list, and its participants link back to their pages.
  await page.goto(`${project}/conversations`);
  await page.getByRole("link", { name: conversation }).click();
  await expect(page.getByTestId("conversation-title")).toHaveText(conversation);
  await expect(page.getByTestId("transcript-message")).toHaveCount(3);
  await page.getByTestId("conversation-participants").getByRole("link", { name: names[1], exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: names[1] })).toBeVisible();

  // A malformed escape is the client's mistake: 400 naming the URL, for pages and the API alike.
  for (const path of [`${project}/agents/%E0%A4%A`, "/api/v1/conversations/50%"]) {
    const answer = await page.request.get(path, { headers: { authorization: `Bearer ${secret}` } });
    expect({ path, status: answer.status(), body: await answer.json() }).toMatchObject({ path, status: 400, body: { error: { code: "bad_request", field: "url" } } });
  }
});
