// The README's verification snippets, run as written against real signed deliveries:
// if the signing scheme or the snippets drift apart, this fails.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction } from "@/lib/db/sql";
import { createTenant } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { enqueueAlertWebhooks } from "./enqueue";
import { signWebhookBody } from "./signature";
import { insertTestAlert, insertTestWebhook } from "./test-alerts";
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from "./test-receiver";
import { createWebhookDeliveryWorker } from "./worker";

useMigratedDatabase();

function readmeSnippet(marker: string): string {
  const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README has no code block after <!-- ${marker} -->`);
  return match[1];
}

let receiver: TestReceiver;
let delivered: ReceivedRequest;
let secret: string;
const workDir = mkdtempSync(path.join(tmpdir(), "warden-readme-"));

beforeAll(async () => {
  receiver = await startTestReceiver([200]);
  const { organization, project } = await createTenant("readme");
  const tenant = { organizationId: organization.id, projectId: project.id };
  const webhook = await insertTestWebhook(tenant, receiver.url);
  secret = webhook.secret;
  const alert = await insertTestAlert(tenant, null);
  await withTransaction((sql) => enqueueAlertWebhooks(sql, alert, "alert.opened"));
  await createWebhookDeliveryWorker({ allowPrivate: true }).runOnce();
  expect(receiver.requests).toHaveLength(1);
  delivered = receiver.requests[0]!;
});

afterAll(async () => {
  await receiver.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** The cases every snippet must get right: the real delivery, and three forgeries. */
function cases() {
  const header = String(delivered.headers["warden-signature"]);
  const stale = signWebhookBody(secret, delivered.body, Math.floor(Date.now() / 1000) - 600);
  return [
    { name: "the delivery as received", secret, body: delivered.body, header, valid: true },
    { name: "a changed body", secret, body: delivered.body.replace('"high"', '"low"'), header, valid: false },
    { name: "another secret", secret: `${secret}x`, body: delivered.body, header, valid: false },
    { name: "a ten-minute-old signature", secret, body: delivered.body, header: stale, valid: false },
  ];
}

describe("README webhook verification snippets", () => {
  it("the Node snippet accepts the real delivery and refuses forgeries", async () => {
    const file = path.join(workDir, "verify.mjs");
    writeFileSync(file, readmeSnippet("webhook-verify:node"));
    const { verifyWardenSignature } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      verifyWardenSignature: (secret: string, rawBody: Buffer | string, header: string) => boolean;
    };
    for (const c of cases()) {
      expect(verifyWardenSignature(c.secret, Buffer.from(c.body, "utf8"), c.header), c.name).toBe(c.valid);
      expect(verifyWardenSignature(c.secret, c.body, c.header), `${c.name} (string body)`).toBe(c.valid);
    }
  });

  it("the Python snippet accepts the real delivery and refuses forgeries", () => {
    const harness = `${readmeSnippet("webhook-verify:python")}

import json, sys
for case in json.load(sys.stdin):
    print(json.dumps(verify_warden_signature(case["secret"], case["body"].encode("utf-8"), case["header"])))
`;
    const file = path.join(workDir, "verify.py");
    writeFileSync(file, harness);
    const run = spawnSync("python3", [file], { input: JSON.stringify(cases()), encoding: "utf8", timeout: 20_000 });
    expect(run.error, "python3 must be installed to check the README's Python snippet").toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n").map((line) => JSON.parse(line))).toEqual(cases().map((c) => c.valid));
  });
});
