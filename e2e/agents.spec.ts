import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("the agents page lists the demo agents with their verdicts and draws one node per agent", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto("/o/warden-demo/p/research-agents/agents?range=7d");
  await expect(page.getByTestId("agent-row")).toHaveCount(6);
  await expect(page.getByTestId("agent-row").first()).toContainText("coder");
  for (const agent of ["planner", "coder", "executor", "reviewer", "web_surfer", "user_proxy"]) {
    await expect(page.getByTestId(`flow-node-${agent}`)).toBeVisible();
  }
  await page.getByTestId("flow-node-coder").click();
  await expect(page.locator("[data-testid=agent-row][aria-selected=true]")).toContainText("coder");
});
