// `npm run migrate`: applies the migrations to the database `npm start` would use and does
// nothing else: DATABASE_URL when set, else the embedded PostgreSQL under WARDEN_DATA_DIR,
// started for the run and stopped after it. Exits 1, with the reason, when a migration fails.
import path from "node:path";
import { openAppDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { serverEnv } from "@/lib/env";

const say = (line: string) => console.log(`[warden] ${line}`);

async function main(): Promise<number> {
  let embedded: EmbeddedDatabase | undefined;
  try {
    const env = serverEnv();
    const database = await openAppDatabase(env.DATABASE_URL, {
      dataDir: path.join(path.resolve(env.WARDEN_DATA_DIR), "postgres"),
      port: env.WARDEN_PG_PORT,
      log: say,
    });
    embedded = database.embedded;
    const result = await migrateDatabase(database.url, { log: say });
    say(`database schema up to date (${result.applied.length} migration(s) applied now, ${result.alreadyApplied.length} before)`);
    return 0;
  } catch (error) {
    console.error(`[warden] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (embedded) await embedded.stop().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
