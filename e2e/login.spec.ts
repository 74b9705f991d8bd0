import { expect, test } from "@playwright/test";
import { admin } from "./support/session";

test("a wrong password shows an error on the login page, not a crash", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin().email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("pages need a session: the dashboard redirects to the login page and its JSON routes answer 401", async ({ page, request }) => {
  await page.goto("/o/my-organization/p/default-project/settings/api-keys");
  await expect(page).toHaveURL(/\/login/);
  const res = await request.get("/api/orgs");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("unauthorized");
});

test("repeated failed sign-ins for one account are throttled with 429 and Retry-After", async ({ request }) => {
  const email = `throttle-${Date.now()}@example.com`;
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let attempt = 0; attempt < 7; attempt++) {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "wrong password for sure", json: "true" },
      maxRedirects: 0,
    });
    statuses.push(res.status());
    if (res.status() === 429) retryAfter = res.headers()["retry-after"];
  }
  expect(statuses.slice(0, 5).every((s) => s !== 429 && s !== 200)).toBe(true);
  expect(statuses.slice(5)).toEqual([429, 429]);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});
