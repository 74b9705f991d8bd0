// Journey: configure an alert rule. An owner creates a flooding rule with a low threshold,
// sees the form refuse a bad value as it is typed, tries the rule on the demo's last 7 days
// (it finds the demo's flooding incident), saves it; a flooding transcript then arrives
// through the API; the alert appears in the feed, its evidence opens the conversation with
// the matched messages highlighted, and the owner acknowledges it with a note.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

const DEMO = "/o/warden-demo/p/research-agents";

test("an owner configures a flooding rule, backtests it on the demo data, and acknowledges the alert it raises", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto(`${DEMO}/rules`);
  // Every project starts with the default rules.
  await expect(page.getByTestId("rule-row").filter({ hasText: "Flooding: one agent floods a conversation" })).toBeVisible();
  await expect(page.getByTestId("rule-row").filter({ hasText: "Quota: monthly quota reached" })).toBeVisible();

  const ruleName = `Tight flooding ${randomBytes(3).toString("hex")}`;
  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New rule" });
  await form.getByLabel("Name").fill(ruleName);
  // Validated as it is typed, with the API's own schema.
  const messages = form.getByLabel("Messages (N)");
  await messages.fill("1");
  await expect(form.getByRole("alert").filter({ hasText: "must be at least 2" })).toBeVisible();
  await messages.fill("5");
  await expect(form.getByRole("alert")).toHaveCount(0);
  await form.getByLabel("Within seconds (W)").fill("30");
  await form.getByLabel("Severity").selectOption("high");

  await form.getByRole("button", { name: "Try on the last 7 days" }).click();
  const backtest = form.getByTestId("backtest-result");
  await expect(backtest).toBeVisible();
  expect(Number(await backtest.getByTestId("backtest-alerts").textContent())).toBeGreaterThanOrEqual(1);
  await expect(backtest.getByTestId("backtest-subject").filter({ hasText: "demo-incident-flooding" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("rule-backtest.png"), fullPage: true });

  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("rule-row").filter({ hasText: ruleName })).toBeVisible();

  // An ingest key through the dashboard's API-keys route, then a flooding transcript through the public API.
  const orgs = await (await page.request.get("/api/orgs")).json();
  const demo = orgs.organizations.find((o: { slug: string }) => o.slug === "warden-demo");
  const project = demo.projects.find((p: { slug: string }) => p.slug === "research-agents");
  const key = await page.request.post(`/api/orgs/${demo.id}/projects/${project.id}/api-keys`, { data: { name: "alerts e2e ingest", scopes: ["ingest"] } });
  expect(key.status()).toBe(201);
  const secret = (await key.json()).secret as string;
  const conversationId = `e2e-flood-${randomBytes(3).toString("hex")}`;
  const start = Date.now() - 120_000;
  const transcript = [
    { sender: "user_proxy", content: "Collect the prices from the vendor pages.", created_at: new Date(start).toISOString() },
    { sender: "planner", content: "web_surfer: fetch each vendor page and report the prices.", created_at: new Date(start + 8_000).toISOString() },
    ...Array.from({ length: 8 }, (_, i) => ({
      sender: "web_surfer",
      content: `Vendor ${String.fromCharCode(65 + i)} page ${i + 1}: SKU-${2000 + i * 17} costs $${(12 + i * 3.5).toFixed(2)}; shipping ${i % 2 ? "free" : "$4.99"}.`,
      created_at: new Date(start + 20_000 + i * 1_500).toISOString(),
    })),
  ];
  const ingest = await page.request.post("/api/v1/conversations", {
    headers: { authorization: `Bearer ${secret}` },
    data: { conversation_id: conversationId, transcript: { messages: transcript } },
  });
  expect(ingest.status()).toBe(200);
  expect((await ingest.json()).stored).toBe(10);

  await page.goto(`${DEMO}/alerts?status=open&rule_type=flooding`);
  const row = page.getByTestId("alert-row").filter({ hasText: conversationId });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("web_surfer sent 8 messages within 30 s");
  await row.getByRole("link").click();

  await expect(page.getByTestId("alert-title")).toContainText(conversationId);
  await expect(page.getByTestId("alert-status")).toHaveText("open");
  await expect(page.getByTestId("alert-measured")).toContainText("messages in the window");
  await expect(page.getByTestId("evidence-item")).toHaveCount(8);
  await expect(page.getByTestId("evidence-item").first()).toContainText("Vendor A page 1");
  await page.screenshot({ path: test.info().outputPath("alert-detail.png"), fullPage: true });

  const respond = page.getByRole("form", { name: "Respond to the alert" });
  await respond.getByLabel("Note").fill("web_surfer looped over the vendor pages; capped its fetches.");
  await respond.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("alert-status")).toHaveText("acknowledged");
  await expect(page.getByTestId("acknowledge-note")).toContainText("capped its fetches");

  // The evidence opens the conversation with exactly the matched messages highlighted.
  await page.getByTestId("evidence-item").first().getByRole("link", { name: "Open in conversation" }).click();
  await expect(page.getByTestId("conversation-title")).toHaveText(conversationId);
  await expect(page.locator('[data-testid="transcript-message"][data-mark="evidence"]')).toHaveCount(8);

  await page.goto(`${DEMO}/alerts?status=acknowledged`);
  await expect(page.getByTestId("alert-row").filter({ hasText: conversationId })).toHaveCount(1);
});
