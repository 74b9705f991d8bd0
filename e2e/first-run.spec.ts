// The README's first command on a clean data directory: credentials are printed
// once, they sign in, and a second start reuses the same data.
import { expect, test } from "@playwright/test";
import { discardWarden, startWarden } from "./support/warden";
import { signIn } from "./support/session";

test("first start prints working credentials once; a restart keeps the data and prints none", async ({ page }) => {
  test.setTimeout(300_000);
  const first = await startWarden({ port: 3101, pgPort: 25442 });
  try {
    const credentials = first.credentials();
    expect(credentials?.email).toBe("admin@warden.local");
    expect(credentials?.password).toMatch(/^[A-Za-z0-9]{20}$/);
    await signIn(page, credentials!.email, credentials!.password, first.baseUrl);
    await page.goto(`${first.baseUrl}/o/my-organization/p/default-project/settings/projects`);
    await page.getByLabel("New project name").fill("Kept across restarts");
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(/kept-across-restarts\/overview$/);
    await first.stop();

    const second = await startWarden({ port: 3101, pgPort: 25442, dataDir: first.dataDir, database: first.database });
    try {
      expect(second.credentials()).toBeNull();
      expect(second.output()).not.toContain(credentials!.password);
      await page.context().clearCookies();
      await signIn(page, credentials!.email, credentials!.password, second.baseUrl);
      await page.goto(`${second.baseUrl}/o/my-organization/p/kept-across-restarts/overview`);
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
    await discardWarden(first);
  }
});
