// The Python SDK's tests (sdk/python) against a real Warden: starts one the way the e2e suite does
// (e2e/support/warden.ts, i.e. `npm start`'s launcher on its own embedded PostgreSQL) on port 3160 /
// PostgreSQL 25400, provisions an organization, project and API key through WARDEN_INIT_*, runs
// `python3 -m unittest discover` with WARDEN_URL / WARDEN_API_KEY set, stops Warden, and prints the
// counts as the last stdout line: {"passed":N,"failed":N,"skipped":N}. Exit code 0 only when
// nothing failed. Needs a built app (.next): it builds nothing itself.
//
//   node scripts/test-python.mjs            (re-runs itself under tsx with the react-server condition)
import { spawn, spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.WARDEN_PY_PORT ?? 3160);
const PG_PORT = Number(process.env.WARDEN_PY_PG_PORT ?? 25400);
const PYTHON = process.env.PYTHON ?? "python3";

function report(counts) {
  console.log(JSON.stringify(counts));
  process.exitCode = counts.failed > 0 ? 1 : 0;
}

// e2e/support/warden.ts is TypeScript and its imports resolve under the react-server condition.
if (!process.execArgv.includes("--conditions=react-server")) {
  const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    cwd: ROOT,
  });
  process.exit(child.status ?? 1);
}

function apiKey() {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let secret = "";
  for (let i = 0; i < 43; i++) secret += alphabet[randomInt(alphabet.length)];
  return `wdn_live_${secret}`;
}

/** unittest prints "Ran N tests" and "OK (skipped=S)" or "FAILED (failures=F, errors=E, skipped=S)" on stderr. */
function countsFrom(output, status) {
  const ran = Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? 0);
  const field = (name) => Number(new RegExp(`${name}=(\\d+)`).exec(/^(OK|FAILED).*$/m.exec(output)?.[0] ?? "")?.[1] ?? 0);
  const failed = field("failures") + field("errors") + field("unexpected successes");
  const skipped = field("skipped") + field("expected failures");
  const counts = { passed: Math.max(0, ran - failed - skipped), failed, skipped };
  // A runner that failed without reporting a failure (import error, crash) counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.error("test-python: no built app (.next); build it first (npm test's e2e step or `npx next build`).");
    return report({ passed: 0, failed: 1, skipped: 0 });
  }
  const { startWarden, discardWarden } = await import(path.join(ROOT, "e2e", "support", "warden.ts"));
  const key = apiKey();
  let warden;
  try {
    warden = await startWarden({
      port: PORT,
      pgPort: PG_PORT,
      env: {
        WARDEN_ADMIN_EMAIL: "python-sdk@warden.test",
        WARDEN_ADMIN_PASSWORD: `py-${apiKey().slice(9, 33)}`,
        WARDEN_INIT_ORG: "Python SDK tests",
        WARDEN_INIT_PROJECT: "AutoGen integration",
        WARDEN_INIT_API_KEY: key,
      },
    });
  } catch (error) {
    console.error("test-python: Warden did not start:", error);
    return report({ passed: 0, failed: 1, skipped: 0 });
  }
  try {
    const python = spawn(PYTHON, ["-m", "unittest", "discover", "-v", "-s", "tests", "-t", "."], {
      cwd: path.join(ROOT, "sdk", "python"),
      env: { ...process.env, WARDEN_URL: warden.baseUrl, WARDEN_API_KEY: key, PYTHONPATH: path.join(ROOT, "sdk", "python"), PYTHONUNBUFFERED: "1" },
      stdio: ["ignore", "inherit", "pipe"],
    });
    let stderr = "";
    python.stderr.on("data", (chunk) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    const status = await new Promise((resolve) => python.on("close", (code) => resolve(code ?? 1)));
    const counts = countsFrom(stderr, status);
    await warden.stop();
    await discardWarden(warden);
    return report(counts);
  } catch (error) {
    console.error("test-python:", error);
    await warden.stop();
    return report({ passed: 0, failed: 1, skipped: 0 });
  }
}

await main();
