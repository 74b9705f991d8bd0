// `npm test`: type-checking, unit and integration tests (vitest, real PostgreSQL),
// and end-to-end tests (Playwright in Debian's Chromium against the built app).
// CI reads only the last line, so it adds every suite up into one
// "N passed, N failed, N skipped" line, and the exit code says whether anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { status: result.status ?? 1, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function record(label, counts, status, seconds) {
  // A runner that failed without reporting any failure (crash, setup error) counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(`${label.padEnd(34)} ${String(counts.passed).padStart(4)} passed ${String(counts.failed).padStart(3)} failed ${String(counts.skipped).padStart(3)} skipped  (${seconds}s)`);
}

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

if (wanted("typecheck")) {
  const { status, seconds } = run("type-check (tsc --noEmit)", bin("tsc"), ["--noEmit"]);
  record("type-check", { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 }, status, seconds);
}

if (wanted("vitest")) {
  const out = path.join(results, "vitest.json");
  rmSync(out, { force: true });
  const { status, seconds } = run("unit and integration tests (vitest)", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const report = readJson(out);
  record(
    "unit + integration (vitest)",
    {
      passed: report?.numPassedTests ?? 0,
      failed: (report?.numFailedTests ?? 0) + (report && report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0),
      skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
    },
    status,
    seconds,
  );
}

if (wanted("e2e")) {
  const out = path.join(results, "e2e-results.json");
  rmSync(out, { force: true });
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.error(`\nChromium is missing at ${chromium}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH).`);
    record("end-to-end (playwright)", { passed: 0, failed: 1, skipped: 0 }, 1, "0.0");
  } else {
    const { status, seconds } = run("end-to-end tests (playwright, chromium)", bin("playwright"), ["test"], {
      PLAYWRIGHT_JSON_OUTPUT_FILE: out,
    });
    const stats = readJson(out)?.stats;
    record(
      "end-to-end (playwright)",
      { passed: stats?.expected ?? 0, failed: (stats?.unexpected ?? 0) + (stats?.flaky ?? 0), skipped: stats?.skipped ?? 0 },
      status,
      seconds,
    );
  }
}

// The Python client against a real Warden (needs the build the e2e suite made).
if (wanted("python")) {
  const started = Date.now();
  console.log("\n=== Python client and AutoGen adapters (python3 -m unittest) ===");
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "test-python.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(result.stdout ?? "");
  const last = (result.stdout ?? "").trim().split("\n").at(-1) ?? "";
  let counts = { passed: 0, failed: 1, skipped: 0 };
  try {
    counts = JSON.parse(last);
  } catch {
    console.error("the Python suite printed no counts");
  }
  record("python client (unittest)", counts, result.status ?? 1, ((Date.now() - started) / 1000).toFixed(1));
}

console.log("\n=== summary ===");
for (const line of summary) console.log(line);
const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
console.log(line);
writeFileSync(path.join(results, "summary.txt"), `${line}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
