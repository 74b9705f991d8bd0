// Ingest throughput: events/s through POST /api/v1/events (batches of 100 and 1,000,
// 4 concurrent clients) next to plain multi-row INSERT ... VALUES of the same rows
// into the same PostgreSQL in the same run (both warmed alike, two rounds in alternating
// order), and the ratio; then transcript messages/s through POST /api/v1/conversations;
// then both again with the project's
// alert rules off and on, and the ratio (alert evaluation runs inside ingest).
//   npm run bench:ingest            (embedded PostgreSQL, or DATABASE_URL when set)
//   BENCH_ALERTS_ONLY=1 npm run bench:ingest   (only the alert rules off/on comparison)
//   BENCH_BATCH=100 npm run bench:ingest       (only the API / raw comparison, batches of 100)
//   BENCH_CLIENTS=1 ...                        (one client instead of 4: each statement's own cost, no waiting)
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import pg from "pg";
import { discardWarden, startWarden } from "../e2e/support/warden";
import { buildIsCurrent } from "../scripts/build-fingerprint";
import { fixtureJson } from "../lib/ingest/adapters/fixtures/load";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const EVENTS_PER_RUN = 40_000;
const COMPARISON_EVENTS = 20_000;
const WARMUP_EVENTS = 8_000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
// 120 transcripts of 100 messages: about 2 s of work per round, so the rules on/off ratio of this
// workload moves less from run to run than it did with 40.
const CONVERSATIONS = 120;
const REAL_CONVERSATIONS = 160;
const REAL_RUNS = ["hand-crafted-6", "hand-crafted-43", "hand-crafted-47", "algorithm-generated-1", "algorithm-generated-12"].map((name) => `who_and_when/${name}.json`);
const MESSAGES_PER_CONVERSATION = 100;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function event(i: number) {
  const blocked = i % 40 === 0;
  return {
    id: randomUUID(),
    agent_id: `agent-${i % 12}`,
    direction: i % 3 === 0 ? "inbound" : "internal",
    verdict: blocked ? "blocked" : "allowed",
    risk_score: blocked ? 0.95 : 0.03,
    findings: blocked
      ? [{ category: "code_execution", rule: "code_execution.reverse_shell.bash", severity: "critical", score: 0.95, span: { start: 10, end: 48 }, explanation: "reverse shell" }]
      : [],
    text_sha256: "c".repeat(64),
    text_length: 512,
    conversation_id: `conv-${i % 500}`,
    // Live traffic, as the SDKs send it: every event happened just now. (Spreading them over
    // past days, as this bench once did, hid two costs: every batch moves its agents' last-seen
    // time and adds to the current hour's rollup rows, and the blocked-spike look-back finds
    // the whole spike around the batch.)
    occurred_at: new Date().toISOString(),
  };
}

// The load generator shares the machine's cores with the server and PostgreSQL, so it should
// cost as little as the raw path's pg client: plain node:http over kept-alive connections, one
// per client (fetch cost the bench process about twice the CPU per request).
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
function postJson(url: string, key: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      agent,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(payload);
  });
}

/**
 * CPU time (ms) this process's descendants have used, split into PostgreSQL and the rest (the
 * Warden server): on a shared machine the wall-clock rates move with other load, CPU per
 * batch much less, so it shows where a request's cost goes.
 */
function descendantCpuMs(): { postgres: number; server: number } {
  const stats = new Map<number, { ppid: number; comm: string; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime, and cutime + cstime: what exited children (closed connections) used.
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.set(Number(entry), { ppid: Number(fields[1]), comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ticks });
    } catch {
      // the process ended while we looked
    }
  }
  const msPerTick = 10; // USER_HZ is 100 on Linux
  const totals = { postgres: 0, server: 0 };
  for (const [pid, stat] of stats) {
    let ancestor = stat.ppid;
    while (ancestor > 1 && ancestor !== process.pid) ancestor = stats.get(ancestor)?.ppid ?? 0;
    if (ancestor !== process.pid || pid === process.pid) continue;
    totals[stat.comm === "postgres" ? "postgres" : "server"] += stat.ticks * msPerTick;
  }
  return totals;
}

/** Runs `run`, prints its rate, and the CPU it cost per `batch` in this process, the server and PostgreSQL. */
async function timed(label: string, run: () => Promise<number>, batch?: number): Promise<number> {
  const cpuBefore = process.cpuUsage();
  const childrenBefore = batch ? descendantCpuMs() : null;
  const started = performance.now();
  const count = await run();
  const seconds = (performance.now() - started) / 1000;
  const rate = count / seconds;
  console.log(`${label.padEnd(48)} ${String(count).padStart(7)} in ${seconds.toFixed(2).padStart(6)} s  = ${rate.toFixed(0).padStart(7)} /s`);
  if (batch && childrenBefore) {
    const own = process.cpuUsage(cpuBefore);
    const children = descendantCpuMs();
    const per = (ms: number) => (ms / (count / batch)).toFixed(2).padStart(6);
    console.log(
      `${"  CPU ms per batch: bench, server, PostgreSQL".padEnd(48)} ${per((own.user + own.system) / 1000)} ${per(children.server - childrenBefore.server)} ${per(children.postgres - childrenBefore.postgres)}`,
    );
  }
  return rate;
}

async function main() {
  if (!buildIsCurrent(process.cwd())) console.log("(the dashboard is not built yet: the first start builds it, which takes a minute or two)");
  const key = `wdn_live_${Array.from(randomBytes(44), (b) => BASE62[b % 62]).join("")}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-"));
  const warden = await startWarden({
    port: 3190,
    pgPort: 25490,
    dataDir,
    env: {
      WARDEN_ADMIN_EMAIL: "bench@warden.example",
      WARDEN_ADMIN_PASSWORD: "bench-password-long",
      WARDEN_INIT_ORG: "Bench",
      WARDEN_INIT_PROJECT: "Agents",
      WARDEN_INIT_API_KEY: key,
      WARDEN_API_RATE_LIMIT: "1000000",
    },
  });
  // The embedded server the launcher started (its fixed loopback credentials), or the run's own server.
  const pgUrl = process.env.DATABASE_URL ? `${process.env.DATABASE_URL.replace(/\/[^/]*$/, "")}/${warden.database}` : `postgresql://postgres:warden-embedded@127.0.0.1:25490/warden`;
  const sql = new pg.Pool({ connectionString: pgUrl, max: CLIENTS + 1 });
  // An idle connection that the server's shutdown closes must not crash the bench after its
  // figures are printed (queries still reject on their own); lib/db/client.ts does the same.
  sql.on("error", () => undefined);
  try {
    await sql.query(`UPDATE "Organization" SET tier = 'enterprise', "monthlyEventQuota" = 100000000`);
    const post = async (body: unknown) => {
      const res = await postJson(`${warden.baseUrl}/api/v1/events`, key, body);
      if (res.status >= 300) throw new Error(`events answered ${res.status}: ${res.text}`);
      return JSON.parse(res.text) as { stored: number };
    };
    // One request first: it creates the agent whose id the raw inserts below use.
    await post({ events: Array.from({ length: 100 }, (_, i) => event(i)) });

    const apiRun = (batch: number, events = EVENTS_PER_RUN) => async () => {
      const perClient = events / CLIENTS / batch;
      let stored = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let b = 0; b < perClient; b++) {
            const answer = await post({ events: Array.from({ length: batch }, (_, i) => event(c * 1_000_000 + b * batch + i)) });
            stored += answer.stored;
          }
        }),
      );
      return stored;
    };

    const { rows } = await sql.query<{ organizationId: string; projectId: string; agentId: string }>(
      `SELECT "organizationId", "projectId", id AS "agentId" FROM "Agent" LIMIT 1`,
    );
    const scope = rows[0]!;
    const rawRun = (batch: number, events = EVENTS_PER_RUN) => async () => {
      const perClient = events / CLIENTS / batch;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let b = 0; b < perClient; b++) {
            const values: unknown[] = [];
            const tuples: string[] = [];
            for (let i = 0; i < batch; i++) {
              const e = event(c * 1_000_000 + b * batch + i);
              const p = values.length;
              tuples.push(`($${p + 1},$${p + 2},$${p + 3},$${p + 4},'ingest',$${p + 5},$${p + 6}::"Direction",$${p + 7}::"Verdict",$${p + 8},$${p + 9}::"ThreatCategory"[],$${p + 10}::jsonb,$${p + 11},$${p + 12},$${p + 13},'masked',0,'bench',$${p + 14})`);
              values.push(randomUUID(), scope.organizationId, scope.projectId, scope.agentId, e.id, e.direction, e.verdict, e.risk_score,
                e.findings.map((f) => f.category), JSON.stringify(e.findings), e.conversation_id, e.text_length, e.text_sha256, e.occurred_at);
            }
            await sql.query(
              `INSERT INTO "ScanEvent" ("id","organizationId","projectId","agentId","source","clientEventId","direction","verdict","riskScore","categories","findings","conversationRef","textLength","textSha256","textStorage","latencyMs","engineVersion","occurredAt") VALUES ${tuples.join(",")}`,
              values,
            );
          }
        }),
      );
      return events;
    };

    console.log(`\nWarden ingest bench: ${CLIENTS} concurrent clients, ${EVENTS_PER_RUN} events per run, ${os.cpus().length} cores\n`);
    // BENCH_ALERTS_ONLY=1 runs only the rules off/on comparison below.
    const full = process.env.BENCH_ALERTS_ONLY !== "1";
    const onlyBatch = Number(process.env.BENCH_BATCH) || null;
    // Both paths are warmed alike before anything is measured: the server's first requests
    // compile the route and JIT the handler, and each pool connection prepares its
    // statements once; the raw path inserts as many rows first. Then two rounds per batch
    // size in alternating order, so neither side always runs on the larger table or in the
    // other's wake; the ratio is of the two rounds' mean rates.
    await apiRun(100, WARMUP_EVENTS)();
    await rawRun(100, WARMUP_EVENTS)();
    for (const batch of !full ? [] : onlyBatch ? [onlyBatch] : [100, 1_000]) {
      const rates = { api: [] as number[], raw: [] as number[] };
      for (const order of [["api", "raw"], ["raw", "api"]] as const) {
        for (const side of order) {
          rates[side].push(
            side === "api"
              ? await timed(`POST /api/v1/events, batches of ${batch}`, apiRun(batch), batch)
              : await timed(`raw INSERT ... VALUES, batches of ${batch}`, rawRun(batch), batch),
          );
        }
      }
      console.log(`${"ratio API / raw (mean of 2 rounds each)".padEnd(48)} ${(mean(rates.api) / mean(rates.raw)).toFixed(2)} (target >= 0.5)\n`);
    }

    if (onlyBatch) return;

    /** Sends `count` transcripts, 4 clients at a time; `transcriptOf(i)` is the i-th one's transcript. */
    const sendConversations = (prefix: string, count: number, transcriptOf: (i: number) => unknown) => async () => {
      let stored = 0;
      const queue = Array.from({ length: count }, (_, i) => i);
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const res = await postJson(`${warden.baseUrl}/api/v1/conversations`, key, { conversation_id: `${prefix}-${i}`, transcript: transcriptOf(i) });
            if (res.status >= 300) throw new Error(`conversations answered ${res.status}: ${res.text}`);
            stored += (JSON.parse(res.text) as { stored: number }).stored;
          }
        }),
      );
      return stored;
    };
    const nearIdentical = {
      messages: Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, m) => ({
        sender: ["planner", "coder", "executor", "reviewer"][m % 4]!,
        content: `Step ${m}: ${"the tests pass and the parser handles empty files. ".repeat(4)}`,
      })),
    };
    const conversationRun = (prefix: string) => sendConversations(prefix, CONVERSATIONS, () => nearIdentical);
    if (full) await timed(`POST /api/v1/conversations (${CONVERSATIONS} x ${MESSAGES_PER_CONVERSATION} messages)`, conversationRun("bench"));

    // The transcripts above are the repetition rule's worst case (near-identical messages, an
    // alert in every conversation). Real runs cost the rules less: the five Who&When
    // Magentic-One runs in the fixtures (about 20 messages each), each sent 32 times under new ids.
    const realRuns = REAL_RUNS.map((file) => (fixtureJson(file) as { history: unknown[] }).history);
    const realRun = (prefix: string) => sendConversations(prefix, REAL_CONVERSATIONS, (i) => realRuns[i % realRuns.length]);

    // Alert evaluation runs inside ingest: the same workloads with the project's rules
    // switched off and on (the default rules: flooding, repetition, blocked spike, quota),
    // alternated so both see the same database size and machine load.
    const setRules = (enabled: boolean) => sql.query(`UPDATE "AlertRule" SET "enabled" = $1 WHERE "isDefault"`, [enabled]);
    const eventsWith = async (label: string) => timed(label, async () => {
      const perClient = COMPARISON_EVENTS / CLIENTS / 100;
      let stored = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let b = 0; b < perClient; b++) {
            const answer = await post({ events: Array.from({ length: 100 }, (_, i) => event(c * 1_000_000 + b * 100 + i)) });
            stored += answer.stored;
          }
        }),
      );
      return stored;
    });
    console.log(`\nAlert rules off vs on (${COMPARISON_EVENTS} events in batches of 100; ${CONVERSATIONS} x ${MESSAGES_PER_CONVERSATION} transcript messages; ${REAL_CONVERSATIONS} real runs):`);
    const rates = { events: { on: [] as number[], off: [] as number[] }, conversations: { on: [] as number[], off: [] as number[] }, "real runs": { on: [] as number[], off: [] as number[] } };
    for (const round of [1, 2]) {
      for (const enabled of [false, true]) {
        await setRules(enabled);
        const state = enabled ? "on" : "off";
        rates.events[state].push(await eventsWith(`events, rules ${state} (round ${round})`));
        rates.conversations[state].push(await timed(`transcripts, rules ${state} (round ${round})`, conversationRun(`cmp-${state}-${round}`)));
        rates["real runs"][state].push(await timed(`real AutoGen runs, rules ${state} (round ${round})`, realRun(`real-${state}-${round}`)));
      }
    }
    const alerts = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Alert"`);
    for (const workload of ["events", "conversations", "real runs"] as const) {
      const ratio = mean(rates[workload].on) / mean(rates[workload].off);
      console.log(`${`ratio rules on / off, ${workload}`.padEnd(48)} ${ratio.toFixed(2)} (target >= 0.8)`);
    }
    console.log(`${"alerts raised during the run".padEnd(48)} ${alerts.rows[0]!.n}`);
  } finally {
    agent.destroy();
    await sql.end();
    await warden.stop();
    await discardWarden(warden);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
