// Builds the dashboard once (when the sources changed) and starts the shared
// instance the journeys run against, fresh, so its first-run credentials are known.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsCurrent, recordBuild, sourceFingerprint } from "../scripts/build-fingerprint";
import { discardWarden, startWarden } from "./support/warden";

const ROOT = path.resolve(__dirname, "..");
export const MAIN_PORT = 3100;
// Small, so that a search over the demo's 6,000 events takes many requests (events.spec.ts).
export const E2E_SEARCH_EVENTS_PER_REQUEST = 400;

export default async function globalSetup() {
  if (!buildIsCurrent(ROOT)) {
    const fingerprint = sourceFingerprint(ROOT);
    const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error("next build failed");
    recordBuild(ROOT, fingerprint);
  }
  const instance = await startWarden({ port: MAIN_PORT, pgPort: 25441, env: { WARDEN_DEMO: "1", WARDEN_SEARCH_EVENTS_PER_REQUEST: String(E2E_SEARCH_EVENTS_PER_REQUEST) } });
  const credentials = instance.credentials();
  if (!credentials) throw new Error(`The first start printed no credentials:\n${instance.output()}`);
  // Workers inherit the environment set here.
  process.env.WARDEN_E2E_BASE_URL = instance.baseUrl;
  process.env.WARDEN_E2E_EMAIL = credentials.email;
  process.env.WARDEN_E2E_PASSWORD = credentials.password;
  return async () => {
    await instance.stop();
    await discardWarden(instance);
  };
}
