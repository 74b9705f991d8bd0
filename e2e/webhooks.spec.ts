// Journey: send alerts to a webhook. An owner adds a project-wide webhook, sees its
// signing secret once, is refused a private address, rotates the secret, disables
// the webhook and deletes it.
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("an owner adds a webhook, sees the secret once, rotates it, disables and deletes the webhook", async ({ page }) => {
  const { email, password } = admin();
  await signIn(page, email, password);
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  const url = `https://hooks-${Date.now()}.soc.example.com/warden`;
  const field = page.getByLabel("Send every alert of the project to");
  await field.fill("http://169.254.169.254/latest/meta-data/");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "link-local" })).toBeVisible();

  await field.fill(url);
  await page.getByRole("button", { name: "Add webhook" }).click();
  const secretBox = page.getByTestId("new-webhook-secret");
  await expect(secretBox).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
  const secret = (await secretBox.textContent())!.trim();
  const row = page.getByTestId("webhook-row").filter({ hasText: url });
  await expect(row).toContainText(`${secret.slice(0, 12)}…`);
  await expect(row).toContainText("Nothing sent yet");

  // After a reload only the prefix is left.
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Rotate secret" }).click();
  await expect(secretBox).toHaveText(/^whsec_/);
  const rotated = (await secretBox.textContent())!.trim();
  expect(rotated).not.toBe(secret);
  await expect(row).toContainText(`${rotated.slice(0, 12)}…`);
  await page.getByRole("button", { name: "I have stored it" }).click();

  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Deliveries" }).click();
  await expect(row).toContainText("No deliveries yet");

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});
