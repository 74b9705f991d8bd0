// Which PostgreSQL server the tests use: DATABASE_URL when set (refused unless it is
// on this machine, since tests create and drop databases), else an embedded one.
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import net from "node:net";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host) && process.env.WARDEN_TEST_ALLOW_REMOTE_DB !== "1") {
    throw new Error(
      `Refusing to run tests against ${host}: they create and drop databases. ` +
        `Use a PostgreSQL on this machine, or set WARDEN_TEST_ALLOW_REMOTE_DB=1 if you mean it.`,
    );
  }
}

export interface TestServer {
  /** URL of the server's maintenance database; tests create their own databases beside it. */
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(port: number): Promise<TestServer> {
  const external = process.env.DATABASE_URL;
  if (external) {
    assertLocalDatabase(external);
    return { url: external, stop: async () => undefined };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-test-pg-"));
  chmodSync(dir, 0o755);
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The preferred port when it is free, else one the system hands out (two test runs at once). */
export async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : null));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}
