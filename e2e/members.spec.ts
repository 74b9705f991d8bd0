// A viewer sees the settings but cannot change them, whether through the UI or by hand.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("an owner adds a viewer; the viewer can read keys but every mutation is refused by the server", async ({ page, browser, baseURL }) => {
  const viewer = { email: `auditor-${Date.now()}@example.com`, password: "viewer-password-1234" };
  await signIn(page, admin().email, admin().password);
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByLabel("First password (new accounts only)").fill(viewer.password);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: viewer.email })).toBeVisible();

  const context = await browser.newContext({ baseURL });
  const viewerPage = await context.newPage();
  await signIn(viewerPage, viewer.email, viewer.password);
  await viewerPage.getByRole("link", { name: "API keys" }).click();
  await expect(viewerPage.getByText("You have read-only access")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Create key" })).toHaveCount(0);

  // The same request the form would send, sent by hand with the viewer's session.
  const orgs = await (await viewerPage.request.get("/api/orgs")).json();
  const org = orgs.organizations[0];
  const forged = await viewerPage.request.post(`/api/orgs/${org.id}/projects/${org.projects[0].id}/api-keys`, {
    data: { name: "sneaky", scopes: ["scan"] },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("forbidden");
  await context.close();
});
