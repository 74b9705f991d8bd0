// Reliability: 8 SDK clients send 2,500 events each while PostgreSQL is stopped and
// restarted in the middle. Afterwards exactly 20,000 events are stored, none twice,
// and every event the API acknowledged is there.
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { createDatabaseIfMissing } from "../lib/db/databases";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { WardenClient } from "../lib/sdk";
import type { EventBatchResponse } from "../lib/ingest/schemas";
import { startWarden } from "./support/warden";

const CLIENTS = 8;
const EVENTS_PER_CLIENT = 2_500;
const PG_PORT = 25444;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

test("no acknowledged event is lost and none is stored twice when PostgreSQL restarts mid-stream", async () => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-fault-"));
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "pg");
  let database: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, port: PG_PORT });
  const url = await createDatabaseIfMissing(database.url, "warden");
  const key = `wdn_live_${Array.from({ length: 44 }, (_, i) => BASE62[(i * 7 + 3) % 62]).join("")}`;
  const warden = await startWarden({
    port: 3104,
    pgPort: 25445,
    dataDir: path.join(dir, "warden"),
    env: {
      DATABASE_URL: url,
      WARDEN_ADMIN_EMAIL: "ops@fault.example",
      WARDEN_ADMIN_PASSWORD: "fault-test-password",
      WARDEN_INIT_ORG: "Fault test",
      WARDEN_INIT_PROJECT: "Agents",
      WARDEN_INIT_API_KEY: key,
      WARDEN_API_RATE_LIMIT: "100000",
    },
  });
  const sql = async <T extends pg.QueryResultRow>(text: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  };
  try {
    // 20,000 events exceed the Free quota; this test is about durability, not quotas.
    await sql(`UPDATE "Organization" SET tier = 'team'`);

    const acknowledged = new Set<string>();
    let failures = 0;
    // Records what the API acknowledged: an id answered "stored" or "duplicate" in a 2xx answer.
    const observingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok && String(input).endsWith("/api/v1/events")) {
        const body = (await response.clone().json()) as EventBatchResponse;
        for (const result of body.results) if (result.id && (result.status === "stored" || result.status === "duplicate")) acknowledged.add(result.id);
      }
      return response;
    };
    const senders = Array.from({ length: CLIENTS }, () =>
      new WardenClient({ baseUrl: warden.baseUrl, apiKey: key, fetch: observingFetch, timeoutMs: 15_000 }).eventSender({
        batchSize: 100,
        flushIntervalMs: 200,
        retry: { maxRetries: 40, baseDelayMs: 200, maxDelayMs: 2_000 },
        onError: () => failures++,
      }),
    );
    let refusedByQueue = 0;
    const produce = async (sender: (typeof senders)[number], client: number) => {
      for (let i = 0; i < EVENTS_PER_CLIENT; i++) {
        const id = `client-${client}-event-${i}`;
        // No expect() per event: each records a trace step, and 20,000 of them stall the worker.
        if (!sender.enqueue({ id, agent_id: `agent-${client}`, direction: "internal", verdict: i % 50 ? "allowed" : "blocked", risk_score: i % 50 ? 0.05 : 0.95, text_sha256: "b".repeat(64), text_length: 42 })) refusedByQueue++;
        if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 15));
      }
    };
    const producing = Promise.all(senders.map((sender, client) => produce(sender, client)));

    // Stop the database once part of the stream is acknowledged, and bring it back.
    await expect.poll(() => acknowledged.size, { timeout: 120_000, intervals: [100] }).toBeGreaterThan(3_000);
    await database.stop();
    const ackedDuringOutageStart = acknowledged.size;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    database = await startEmbeddedPostgres({ dataDir, port: PG_PORT });

    await producing;
    await Promise.all(senders.map((sender) => sender.close()));
    expect(failures).toBe(0);
    expect(refusedByQueue).toBe(0);
    expect(ackedDuringOutageStart).toBeLessThan(CLIENTS * EVENTS_PER_CLIENT);

    const [{ total, distinct }] = await sql<{ total: string; distinct: string }>(
      `SELECT count(*) AS total, count(DISTINCT "clientEventId") AS distinct FROM "ScanEvent"`,
    ) as [{ total: string; distinct: string }];
    expect(Number(total)).toBe(CLIENTS * EVENTS_PER_CLIENT);
    expect(Number(distinct)).toBe(CLIENTS * EVENTS_PER_CLIENT);
    const storedIds = new Set((await sql<{ id: string }>(`SELECT "clientEventId" AS id FROM "ScanEvent"`)).map((row) => row.id));
    const missing = [...acknowledged].filter((id) => !storedIds.has(id));
    expect(missing).toEqual([]);
    expect(acknowledged.size).toBe(CLIENTS * EVENTS_PER_CLIENT);
    const [usage] = await sql<{ used: number }>(`SELECT "used" FROM "UsageMonth"`);
    expect(usage?.used).toBe(CLIENTS * EVENTS_PER_CLIENT);
  } finally {
    await warden.stop();
    await database.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
