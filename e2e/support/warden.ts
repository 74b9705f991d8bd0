// Starts real Warden instances for the end-to-end tests exactly as a user does
// (`npm start`'s launcher), each with its own data directory or database.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, dropDatabase } from "../../lib/db/databases";

export interface WardenInstance {
  baseUrl: string;
  output(): string;
  credentials(): { email: string; password: string } | null;
  stop(): Promise<void>;
}

export interface WardenOptions {
  port: number;
  pgPort: number;
  /** Reuse this data directory (a restart); a fresh temporary one otherwise. */
  dataDir?: string;
  /** With DATABASE_URL set for the run, reuse this database (a restart); a fresh one otherwise. */
  database?: string;
  env?: Record<string, string>;
}

const ROOT = path.resolve(__dirname, "..", "..");

export function parseCredentials(output: string): { email: string; password: string } | null {
  const email = /│\s+email:\s+(\S+)/.exec(output)?.[1];
  const password = /│\s+password:\s+(\S+)/.exec(output)?.[1];
  return email && password ? { email, password } : null;
}

/** Resolves once nothing accepts connections on the port (or after timeoutMs). */
async function portClosed(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (!open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Warden exited with ${child.exitCode}:\n${output()}`);
    try {
      // Only this process's server counts: a stopped instance's server on the same port can
      // still answer for a moment after its launcher exited (a second start once got the old
      // server's health, then ECONNREFUSED on the next request).
      const response = output().includes("> Ready on") ? await fetch(`${baseUrl}/api/health`) : null;
      if (response?.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Warden did not become healthy in ${timeoutMs} ms:\n${output()}`);
}

export async function startWarden(options: WardenOptions): Promise<WardenInstance & { dataDir: string; database?: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "warden-e2e-"));
  // The embedded PostgreSQL runs as the postgres user, which must reach this directory.
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    WARDEN_DATA_DIR: dataDir,
    WARDEN_PG_PORT: String(options.pgPort),
    NEXTAUTH_URL: `http://localhost:${options.port}`,
    // Demo data only where a test asks for it: it adds seconds to every first start.
    WARDEN_DEMO: "0",
    ...options.env,
  };
  delete env.NEXTAUTH_SECRET;
  let database = options.database;
  const serverUrl = process.env.DATABASE_URL;
  // A test that brings its own database server passes DATABASE_URL itself.
  if (serverUrl && !options.env?.DATABASE_URL) {
    database ??= `warden_e2e_${Date.now().toString(36)}_${options.port}`;
    env.DATABASE_URL = await createDatabaseIfMissing(serverUrl, database);
  }
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://localhost:${options.port}`;
  await waitForHealth(baseUrl, child, () => output, 180_000);

  return {
    baseUrl,
    dataDir,
    database,
    output: () => output,
    credentials: () => parseCredentials(output),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      // The server process may close its port a moment after the launcher exits.
      await portClosed(options.port, 15_000);
    },
  };
}

/** Removes what an instance left behind once it is stopped for good. */
export async function discardWarden(instance: { dataDir: string; database?: string }): Promise<void> {
  rmSync(instance.dataDir, { recursive: true, force: true });
  if (instance.database && process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL, instance.database);
}
