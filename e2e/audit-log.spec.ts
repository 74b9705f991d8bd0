// Journey: an owner reads the admin audit log. A key created and revoked a moment ago is at the
// top with its actor and source address, the chain shows as verified, the action filter narrows
// the table, and the whole chain downloads as an audit bundle.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

test("an owner sees a key's creation and revocation in a verified audit log, filters it and downloads the bundle", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const orgs = await (await page.request.get("/api/orgs")).json();
  const org = orgs.organizations[0];
  const keysUrl = `/api/orgs/${org.id}/projects/${org.projects[0].id}/api-keys`;
  const name = `audit journey ${Date.now()}`;
  const created = await page.request.post(keysUrl, { data: { name, scopes: ["scan"] } });
  expect(created.status()).toBe(201);
  const keyId = (await created.json()).apiKey.id;
  expect((await page.request.delete(`${keysUrl}/${keyId}`)).status()).toBeLessThan(300);

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByTestId("audit-chain-status")).toContainText("Chain verified ✓");
  const rows = page.getByTestId("audit-log-row");
  await expect(rows.first()).toContainText("api_key.revoked");
  await expect(rows.first()).toContainText(admin().email);
  await expect(rows.nth(1)).toContainText("api_key.created");
  await expect(rows.nth(1)).toContainText(name);

  await page.getByLabel("Action").selectOption("api_key.revoked");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows.first()).toContainText("api_key.revoked");
  await expect(rows.filter({ hasNotText: "api_key.revoked" })).toHaveCount(0);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Audit bundle (whole chain)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-audit-log-.+\.bundle\.jsonl$/);
  const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ type: "manifest", kind: "audit_log", organization: { id: org.id } });
  expect(lines.at(-1)).toMatchObject({ type: "trailer" });
  expect(lines.filter((l) => l.type === "record" && l.targetId === keyId).map((l) => l.action)).toEqual(["api_key.created", "api_key.revoked"]);
});
