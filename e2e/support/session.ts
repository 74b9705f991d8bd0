import { expect, type Page } from "@playwright/test";

export const admin = () => ({ email: process.env.WARDEN_E2E_EMAIL ?? "", password: process.env.WARDEN_E2E_PASSWORD ?? "" });

/** Signs in through the login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string, baseUrl = ""): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/o\/[^/]+\/p\/[^/]+\/overview$/);
}
