// Generates the Prisma client into lib/db/generated.
// Prisma 7's CLI tries to download its schema engine before every command, which
// fails offline; `generate` does not use the engine, so pointing the variable at any
// existing file (this Node binary) lets it run without network access.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [cli, ...(args.length ? args : ["generate"])], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
