// `npm start`: the database (embedded PostgreSQL unless DATABASE_URL is set),
// migrations, first-run provisioning, a build when the sources changed, then the
// Next.js server. Ctrl-C stops the server and the embedded database cleanly.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readProvisioning, runProvisioning } from "@/lib/bootstrap/first-run";
import { pool } from "@/lib/db/client";
import { DEMO_ORG, seedDemo } from "@/lib/demo/seed";
import { openAppDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { serverEnv } from "@/lib/env";
import { buildIsCurrent, recordBuild, sourceFingerprint } from "./build-fingerprint";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const say = (line: string) => console.log(`[warden] ${line}`);

/** The next-auth secret: from the environment, else generated once and kept under the data directory. */
function sessionSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function nextBin(): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

async function main(): Promise<void> {
  let env: ReturnType<typeof serverEnv>;
  try {
    env = serverEnv();
    // A malformed provisioning variable stops start-up before anything is touched.
    readProvisioning(env);
  } catch (error) {
    console.error(`[warden] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const dataDir = path.resolve(root, env.WARDEN_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  let embedded: EmbeddedDatabase | undefined;
  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child?.once("exit", resolve));
    }
    if (embedded) {
      say("stopping the embedded PostgreSQL");
      await embedded.stop().catch(() => undefined);
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    const database = await openAppDatabase(env.DATABASE_URL, { dataDir: path.join(dataDir, "postgres"), port: env.WARDEN_PG_PORT, log: say });
    embedded = database.embedded;
    const databaseUrl = database.url;
    process.env.DATABASE_URL = databaseUrl;

    const migrated = await migrateDatabase(databaseUrl, { log: say });
    say(`database schema up to date (${migrated.applied.length} migration(s) applied now, ${migrated.alreadyApplied.length} before)`);

    const provisioned = await runProvisioning(env);
    if (provisioned.createdAdmin && env.WARDEN_DEMO === "1") {
      say("loading the demo data set (two weeks of AutoGen group chats; WARDEN_DEMO=0 skips it)…");
      const demo = await seedDemo(provisioned.createdAdmin.id, (done, total) => say(`  demo conversations ${done}/${total}`));
      say(`demo data loaded: ${demo.messages} messages in ${demo.conversations} conversations (organization "${DEMO_ORG}")`);
    }
    await pool().end();
    if (provisioned.createdAdmin) {
      const { email, password } = provisioned.createdAdmin;
      // Printed once, here, and stored nowhere but as an argon2id hash.
      console.log(
        [
          "",
          "  ┌─ First run: an owner account was created ─────────────────────",
          `  │  email:    ${email}`,
          `  │  password: ${password ?? "(from WARDEN_ADMIN_PASSWORD)"}`,
          "  │  This password is shown only now. Sign in and keep it safe.",
          "  └────────────────────────────────────────────────────────────────",
          "",
        ].join("\n"),
      );
    }
    if (provisioned.provisionedKey === "created") say("WARDEN_INIT_API_KEY registered");

    const port = String(env.PORT);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: sessionSecret(dataDir, env.NEXTAUTH_SECRET),
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    if (!dev && !buildIsCurrent(root)) {
      say("building the dashboard (first start or changed sources; this takes a minute or two)…");
      const fingerprint = sourceFingerprint(root);
      const build = spawnSync(process.execPath, [nextBin(), "build"], { stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
      if (build.status !== 0) throw new Error("next build failed");
      recordBuild(root, fingerprint);
    }
    // Our own server in front of Next.js decides the client address (scripts/serve.mjs).
    // --no-regexp-tier-up: V8 would run each new regex in its bytecode interpreter first; after
    // a few hundred varied texts some of the detection rules stayed interpreted, four times
    // slower (README, scan speed). The flag must be given at start: set later, V8 crashes.
    const serve = path.join(root, "scripts", "serve.mjs");
    child = spawn(process.execPath, ["--no-regexp-tier-up", serve, port, ...(dev ? ["--dev"] : [])], {
      stdio: "inherit",
      env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
    });
    say(`Warden is starting at http://localhost:${port}`);
    child.on("exit", (code) => void stop(code ?? 0));
  } catch (error) {
    console.error(`[warden] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main();
