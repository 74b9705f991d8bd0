// Export in constant memory: seeds 1,000,000 messages (1,000 conversations of 1,000) into a
// scratch database with one generate_series INSERT, then streams them through the same code the
// export routes use (exportResponse -> keyset batches -> bundle/JSONL/CSV writer -> response
// stream), reading the response as a client would, and prints rows/s and the peak growth of RSS
// and heap over the baseline measured just before the export.
//   npm run bench:export                 (bundle; embedded PostgreSQL, or DATABASE_URL's server)
//   npm run bench:export -- jsonl csv    (other formats, one after another)
// The seeded hashes are placeholders: the bench measures the export, not the chain (the tests do).
import { randomBytes } from "node:crypto";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/databases";
import { migrateDatabase } from "@/lib/db/migrate";
import { startTestServer } from "@/tests/database-server";

const CONVERSATIONS = 1_000;
const MESSAGES_PER_CONVERSATION = 1_000;
const PG_PORT = Number(process.env.WARDEN_BENCH_PG_PORT ?? 25480);
const MB = 1024 * 1024;

async function seed(url: string) {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ org: string; project: string }>(
      `WITH o AS (INSERT INTO "Organization" ("id", "name", "slug") VALUES (gen_random_uuid()::text, 'Bench', 'bench') RETURNING "id")
       INSERT INTO "Project" ("id", "organizationId", "name", "slug") SELECT gen_random_uuid()::text, o."id", 'Agents', 'agents' FROM o
       RETURNING "organizationId" AS org, "id" AS project`,
    );
    const { org, project } = rows[0]!;
    await client.query(
      `INSERT INTO "Conversation" ("id", "organizationId", "projectId", "externalId", "framework", "participants", "messageCount", "updatedAt")
       SELECT lpad(c::text, 8, '0') || '-bench', $1, $2, 'bench-conv-' || c, 'warden', ARRAY['planner','coder','executor'], $3, now()
       FROM generate_series(1, $4) AS c`,
      [org, project, MESSAGES_PER_CONVERSATION, CONVERSATIONS],
    );
    const started = performance.now();
    // Secondary indexes are dropped for the bulk insert and built once afterwards: much faster than
    // maintaining them row by row, and the table ends up exactly as migrated.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE tablename = 'Message' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
    await client.query(
      `INSERT INTO "Message" ("id", "organizationId", "projectId", "conversationId", "seq", "sender", "recipients", "recipientsExplicit",
         "kind", "content", "contentHash", "chainHash", "sentAt", "receivedAt")
       SELECT gen_random_uuid()::text, $1, $2, lpad(c::text, 8, '0') || '-bench', s,
         (ARRAY['planner','coder','executor'])[1 + s % 3], ARRAY['planner'], s % 2 = 0, 'text',
         'Step ' || s || ' of the task: read the install page, write the script, run the tests, report "done", then =SUM(A1:A2) as plain text. ' || md5(c::text || ':' || s::text),
         md5(s::text) || md5(c::text), md5(c::text) || md5(s::text),
         timestamp '2026-01-01' + (c * interval '1 hour') + (s * interval '1 second'), now() AT TIME ZONE 'UTC'
       FROM generate_series(1, $3) AS c, generate_series(0, $4 - 1) AS s`,
      [org, project, CONVERSATIONS, MESSAGES_PER_CONVERSATION],
    );
    for (const index of indexes) await client.query(index.definition);
    await client.query(`ANALYZE "Message"`);
    console.log(`seeded ${CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { org, project };
  } finally {
    await client.end();
  }
}

async function exportOnce(format: "bundle" | "jsonl" | "csv", scope: { org: string; project: string }) {
  const { exportResponse } = await import("@/lib/export/stream");
  const { exportChoicesSchema } = await import("@/lib/export/schema");
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const response = await exportResponse(
    {
      scope: { organizationId: scope.org, projectId: scope.project },
      project: { id: scope.project, slug: "agents", name: "Agents" },
      choices: exportChoicesSchema.parse({ kind: "conversations", format }),
      exporter: { type: "system", label: "bench" },
      exportedAt: new Date(),
    },
    null,
  );
  const reader = response.body!.getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) lines++;
  }
  clearInterval(timer);
  sample();
  const seconds = (performance.now() - started) / 1000;
  const rows = Number(response.headers.get("x-export-rows"));
  console.log(
    `${format.padEnd(7)} ${rows} rows, ${lines} lines, ${(bytes / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s = ${(rows / seconds).toFixed(0)} rows/s; ` +
      `peak growth: RSS ${((peakRss - base.rss) / MB).toFixed(1)} MB, heap ${((peakHeap - base.heapUsed) / MB).toFixed(1)} MB (target < 100 MB)`,
  );
  return { rows, peakRssGrowthMb: (peakRss - base.rss) / MB };
}

async function main() {
  const formats = process.argv.slice(2).filter((a) => ["bundle", "jsonl", "csv"].includes(a)) as ("bundle" | "jsonl" | "csv")[];
  if (formats.length === 0) formats.push("bundle");
  const server = await startTestServer(PG_PORT);
  const name = `warden_bench_${randomBytes(4).toString("hex")}`;
  const url = await createDatabaseIfMissing(server.url, name);
  let failed = false;
  try {
    await migrateDatabase(url);
    process.env.DATABASE_URL = url;
    const scope = await seed(url);
    for (const format of formats) {
      const result = await exportOnce(format, scope);
      if (result.rows !== CONVERSATIONS * MESSAGES_PER_CONVERSATION || result.peakRssGrowthMb >= 100) failed = true;
    }
  } finally {
    const { pool } = await import("@/lib/db/client");
    await pool().end().catch(() => undefined);
    await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
  }
  process.exit(failed ? 1 : 0);
}

void main();
