// Headless provisioning: WARDEN_INIT_* make a working key with no click in the UI.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { discardWarden, startWarden } from "./support/warden";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const operatorKey = () => `wdn_live_${Array.from(randomBytes(48), (b) => BASE62[b % 62]).join("")}`;

test("WARDEN_INIT_* provision a key that works at once, and a second start changes nothing", async ({ request }) => {
  test.setTimeout(300_000);
  const key = operatorKey();
  const env = {
    WARDEN_ADMIN_EMAIL: "ops@acme.example",
    WARDEN_ADMIN_PASSWORD: "ops-password-for-tests",
    WARDEN_INIT_ORG: "Acme Security",
    WARDEN_INIT_PROJECT: "Research agents",
    WARDEN_INIT_API_KEY: key,
  };
  const first = await startWarden({ port: 3102, pgPort: 25443, env });
  try {
    expect(first.output()).not.toContain(key);
    const whoami = await request.get(`${first.baseUrl}/api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
    expect(whoami.status()).toBe(200);
    const body = await whoami.json();
    expect(body).toMatchObject({ organization: { name: "Acme Security" }, project: { name: "Research agents" }, scopes: ["scan", "ingest", "read"] });
    await first.stop();

    const second = await startWarden({ port: 3102, pgPort: 25443, env, dataDir: first.dataDir, database: first.database });
    try {
      const again = await request.get(`${second.baseUrl}/api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
      expect(again.status()).toBe(200);
      expect((await again.json()).key.id).toBe(body.key.id);
      // Signed in as the provisioned owner: still one organization, one project, one key.
      const { csrfToken } = await (await request.get(`${second.baseUrl}/api/auth/csrf`)).json();
      const login = await request.post(`${second.baseUrl}/api/auth/callback/credentials`, {
        form: { csrfToken, email: env.WARDEN_ADMIN_EMAIL, password: env.WARDEN_ADMIN_PASSWORD, json: "true" },
      });
      expect(login.status()).toBe(200);
      const orgs = (await (await request.get(`${second.baseUrl}/api/orgs`)).json()).organizations;
      expect(orgs).toHaveLength(1);
      expect(orgs[0].projects).toHaveLength(1);
      const keys = await (await request.get(`${second.baseUrl}/api/orgs/${orgs[0].id}/projects/${orgs[0].projects[0].id}/api-keys`)).json();
      expect(keys.apiKeys).toHaveLength(1);
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
    await discardWarden(first);
  }
});

test("a malformed WARDEN_INIT_API_KEY stops start-up with a message naming it", () => {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve(__dirname, ".."),
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://127.0.0.1:1/unused",
      WARDEN_INIT_ORG: "Acme",
      WARDEN_INIT_PROJECT: "Agents",
      WARDEN_INIT_API_KEY: "wdn_live_tooshort",
      PORT: "3103",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status).not.toBe(0);
  expect(result.stdout + result.stderr).toContain("WARDEN_INIT_API_KEY must be wdn_live_");
});
