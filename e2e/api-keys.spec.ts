// Journey: manage API keys. Sign in with the credentials the first start printed,
// create a project, create a key, see its secret once, use it, revoke it.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("an owner creates a project and a key, sees the secret once, uses it, and revokes it", async ({ page, request }) => {
  const { email, password } = admin();
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("user-email")).toHaveText(email);

  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByLabel("New project name").fill("Support agents");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/p\/support-agents\/overview$/);

  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await page.getByLabel("Name").fill("autogen group chat");
  await page.getByRole("button", { name: "Create key" }).click();
  const secretBox = page.getByTestId("new-api-key-secret");
  await expect(secretBox).toHaveText(/^wdn_live_[0-9A-Za-z]{43}$/);
  const secret = (await secretBox.textContent())!.trim();
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  await expect(page.getByTestId("api-key-prefix")).toHaveText(`${secret.slice(0, 15)}…`);

  // After a reload only the prefix is left: the secret is never sent again.
  await page.reload();
  await expect(page.getByTestId("api-key-row")).toHaveCount(1);
  await expect(page.getByTestId("new-api-key-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByTestId("api-key-prefix")).toHaveText(`${secret.slice(0, 15)}…`);

  const whoami = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${secret}` } });
  expect(whoami.status()).toBe(200);
  const body = await whoami.json();
  expect(body.project.name).toBe("Support agents");
  expect(body.scopes).toEqual(["scan", "ingest"]);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-key-row").getByText("revoked")).toBeVisible();

  const after = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("unauthorized");
});

test("a request without a key is refused with 401 in the error shape", async ({ request }) => {
  const missing = await request.get("/api/v1/whoami");
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
});
