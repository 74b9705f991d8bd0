// Journey: export an audit transcript. Choose the demo conversation with the injection, export it
// as an audit bundle in a background job, watch the progress bar finish, download the file, and
// verify it (the upload page and `npm run verify`): untouched it is OK; with one byte edited in
// the injected message, verification fails at that message.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./support/session";

const DEMO = "/o/warden-demo/p/research-agents";
const INCIDENT = "demo-incident-web-injection";
const run = promisify(execFile);

async function verifyWithCli(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run("npm", ["run", "-s", "verify", "--", file], { cwd: process.cwd() });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? "" };
  }
}

test("an audit bundle of the injection incident exports as a job, downloads, verifies OK, and fails at the edited message", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  await page.goto(`${DEMO}/export`);
  await expect(page.getByRole("heading", { name: "Export", exact: true })).toBeVisible();

  await page.getByLabel("Conversations (messages with their findings)").check();
  await page.getByLabel("Format").selectOption("bundle");
  await page.getByLabel("Conversation", { exact: true }).fill(INCIDENT);
  await page.getByLabel("Run as a background job").check();
  const started = page.waitForResponse((r) => r.url().endsWith("/exports") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const answer = await started;
  expect(answer.status(), await answer.text()).toBe(200);
  expect(await answer.json()).toMatchObject({ delivery: "job", rowsTotal: 7 });
  await expect(page.getByRole("status").filter({ hasText: "queued" })).toBeVisible();

  // The newest job is first; its progress bar ends full, at all 7 messages, and then it offers the file.
  const job = page.getByTestId("export-job").first();
  await expect(job).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const bar = job.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", "7");
  await expect(bar).toHaveAttribute("aria-valuemax", "7");
  await expect(job).toContainText("7 of 7 rows");

  const downloading = page.waitForEvent("download");
  await job.getByRole("link", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-conversations-.+\.bundle\.jsonl$/);
  const original = test.info().outputPath("incident.bundle.jsonl");
  await download.saveAs(original);
  const text = await readFile(original, "utf8");
  expect(text.split("\n")[0]).toContain('"kind":"conversations"');

  // Edit one byte inside the injected web_surfer message (seq 2, the third message).
  const bytes = await readFile(original);
  const at = bytes.indexOf(Buffer.from("ignore all previous instructions"));
  expect(at).toBeGreaterThan(0);
  bytes[at] = "I".charCodeAt(0);
  const edited = test.info().outputPath("incident-edited.bundle.jsonl");
  await writeFile(edited, bytes);

  const ok = await verifyWithCli(original);
  expect(ok.code).toBe(0);
  expect(ok.out).toContain("OK  conversations bundle: 7 records");
  const bad = await verifyWithCli(edited);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain(`FAILED  CHANGED at position 3, line 5, conversation ${INCIDENT}, seq 2`);

  await page.getByRole("link", { name: "Verify a bundle" }).click();
  await expect(page.getByRole("heading", { name: "Verify a bundle" })).toBeVisible();
  await page.getByLabel("Bundle file").setInputFiles(original);
  const result = page.getByTestId("verify-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("7 messages in 1 chain");

  await page.getByLabel("Bundle file").setInputFiles(edited);
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toContainText("Verification failed: changed at position 3");
  await expect(result).toContainText(INCIDENT);
  await expect(result).toContainText("Seq2");
  await page.screenshot({ path: test.info().outputPath("verify-failed.png"), fullPage: true });
});
