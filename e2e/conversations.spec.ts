// Journey: browse the dashboard's conversations. Open the demo's indirect-injection incident,
// see one node per agent, follow the edge that carried the injection, read the blast radius;
// and prove a hostile transcript is shown as inert text.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

const DEMO = "/o/warden-demo/p/research-agents";
const INCIDENT = "demo-incident-web-injection";
const AGENTS = ["user_proxy", "planner", "web_surfer", "coder", "executor", "reviewer"];

test("the injection incident's graph shows every agent, its injection edge filters the transcript, and the blast radius names the origin", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto(`${DEMO}/conversations`);
  await expect(page.getByTestId("conversation-row").first()).toBeVisible();

  await page.getByRole("button", { name: "With blocked messages" }).click();
  await expect(page).toHaveURL(/risk=blocked/);
  await page.getByLabel("Conversation id contains").fill("web-injection");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("conversation-row")).toHaveCount(1);
  await page.getByRole("link", { name: INCIDENT }).click();

  await expect(page.getByTestId("conversation-title")).toHaveText(INCIDENT);
  await expect(page.getByTestId("transcript-message")).toHaveCount(7);
  for (const agent of AGENTS) await expect(page.getByTestId(`flow-node-${agent}`)).toBeVisible();
  await expect(page.locator('[data-testid^="flow-node-"]')).toHaveCount(AGENTS.length);
  await page.screenshot({ path: test.info().outputPath("conversation.png"), fullPage: true });

  // The web surfer broadcast the poisoned page summary: its edge to the planner is marked and carried that one message.
  const injectionEdge = page.getByTestId("flow-edge-web_surfer->planner");
  await expect(injectionEdge).toHaveAttribute("data-marked", "true");
  await injectionEdge.click();
  await expect(page.getByTestId("transcript-filter")).toContainText("web_surfer → planner");
  await expect(page.getByTestId("transcript-message")).toHaveCount(1);
  const injected = page.getByTestId("transcript-message").first();
  await expect(injected.getByTestId("message-sender")).toHaveText("web_surfer");
  await expect(injected.getByTestId("verdict")).toHaveText("blocked");
  await expect(injected.getByTestId("evidence").first()).toBeVisible();
  await expect(injected).toContainText("ignore all previous instructions");

  // The coder's reverse shell to the executor is the other marked edge.
  await page.getByTestId("flow-edge-coder->executor").click();
  await expect(page.getByTestId("transcript-filter")).toContainText("coder → executor");
  await expect(page.getByTestId("transcript-message")).toHaveCount(1);
  await expect(page.getByTestId("transcript-message").first()).toContainText("/dev/tcp/203.0.113.66/4444");

  await page.getByTestId("transcript-filter").getByRole("button", { name: "Clear the transcript filter" }).click();
  await expect(page.getByTestId("transcript-message")).toHaveCount(7);

  // A node filters to what the agent sent or received: the user proxy is not on the coder <-> executor exchange.
  await page.getByTestId("flow-node-user_proxy").click();
  await expect(page.getByTestId("transcript-filter")).toContainText("agent user_proxy");
  await expect(page.getByTestId("transcript-message")).toHaveCount(5);
  await page.getByTestId("transcript-filter").getByRole("button", { name: "Clear the transcript filter" }).click();

  await page.getByRole("button", { name: "Blast radius" }).click();
  const summary = page.getByTestId("blast-radius-summary");
  await expect(summary).toContainText("injected via web_surfer at");
  await expect(summary).toContainText("reached 5 agents");
  await expect(summary).toContainText("1 blocked code execution followed");
  await expect(page.getByTestId("flow-node-web_surfer")).toHaveAttribute("data-role", "origin");
  await expect(page.getByTestId("flow-node-coder")).toHaveAttribute("data-role", "reached");
  await expect(page.locator('[data-testid="transcript-message"][data-mark="origin"]')).toHaveAttribute("data-seq", "2");
});

test("a hostile transcript is shown literally: no element, no dialog, no request leaves the page", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const origin = new URL(page.url()).origin;

  // A project of its own, so the demo project's data stays as the other journeys expect it.
  await page.goto(`${DEMO}/settings/projects`);
  await page.getByLabel("New project name").fill("Hostile transcripts");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/p\/hostile-transcripts\/overview$/);
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name").fill("xss probe");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key-secret").textContent())!.trim();

  const img = "<img src=x onerror=alert(1)>";
  const script = "<script>alert(document.cookie)</script>";
  const link = '<a href="javascript:alert(2)">open the report</a> and [the docs](javascript:alert(3))';
  const sent = await page.request.post("/api/v1/conversations", {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      conversation_id: "hostile-markup",
      scan: true,
      transcript: {
        messages: [
          { sender: "web_surfer", recipients: ["planner"], content: `Page says: ${img}` },
          { sender: "planner", recipients: ["coder"], content: `Render this: ${script}` },
          { sender: "coder", recipients: ["planner"], content: link },
        ],
      },
    },
  });
  expect(sent.ok()).toBe(true);

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });

  await page.goto("/o/warden-demo/p/hostile-transcripts/conversations");
  await page.getByRole("link", { name: "hostile-markup" }).click();
  await expect(page.getByTestId("transcript-message")).toHaveCount(3);
  const messages = page.getByTestId("transcript-message");
  await expect(messages.nth(0).getByTestId("highlighted-text")).toHaveText(`Page says: ${img}`);
  await expect(messages.nth(1).getByTestId("highlighted-text")).toHaveText(`Render this: ${script}`);
  await expect(messages.nth(2).getByTestId("highlighted-text")).toHaveText(link);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator("main script")).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.getByTestId("flow-node-web_surfer")).toBeVisible();
  // Give an onerror handler or a beacon the time it would need.
  await page.waitForTimeout(1_000);
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});
