"use client";

import { useState, type ChangeEvent } from "react";
import { ErrorNote } from "@/components/ui/error-note";
import { useHydrated } from "./use-hydrated";
import type { VerifyResult } from "@/lib/export/verify";

/**
 * Uploads a bundle to the verify route as the raw file body: the browser streams the file and the
 * server checks it line by line, so neither side holds a large bundle as one string.
 */
export function BundleVerifier({ orgId, projectId }: { orgId: string; projectId: string }) {
  const [result, setResult] = useState<{ name: string; verdict: VerifyResult } | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState<unknown>(null);

  async function check(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      // Not fetchJson: the body is the file itself, streamed by the browser.
      const response = await fetch(`/api/orgs/${orgId}/projects/${projectId}/exports/verify`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: file,
        credentials: "same-origin",
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `Verification failed (${response.status}).`);
      }
      setResult({ name: file.name, verdict: (await response.json()) as VerifyResult });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      event.target.value = "";
    }
  }

  return (
    <div className="space-y-4">
      <label className="block rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
        <span className="mb-2 block font-medium text-slate-700">Choose an audit bundle (.bundle.jsonl) to verify</span>
        <input type="file" accept=".jsonl,.ndjson,application/x-ndjson" onChange={check} disabled={busy || !hydrated} aria-label="Bundle file" />
        <span className="mt-2 block text-xs text-slate-500">
          The same check as <code>npm run verify -- &lt;bundle&gt;</code>: every message&apos;s hash chain, the counts and hashes in the trailer.
        </span>
      </label>
      {busy ? <p role="status">Verifying…</p> : null}
      <ErrorNote error={error} />
      {result ? <VerifyOutcome name={result.name} verdict={result.verdict} /> : null}
    </div>
  );
}

function VerifyOutcome({ name, verdict }: { name: string; verdict: VerifyResult }) {
  if (verdict.ok) {
    return (
      <div role="status" data-testid="verify-result" data-ok="true" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
        <p className="font-semibold">OK: {name} is intact.</p>
        <p className="mt-1">
          {verdict.records.toLocaleString()} {verdict.kind === "conversations" ? "messages" : "records"} in {verdict.segments} chain
          {verdict.segments === 1 ? "" : "s"}, {verdict.findings} findings; exported {verdict.manifest.exportedAt} by {verdict.manifest.exporter.label}.
        </p>
        <p className="mt-1 break-all font-mono text-xs">last hash {verdict.lastHash ?? "(none)"}</p>
      </div>
    );
  }
  return (
    <div role="alert" data-testid="verify-result" data-ok="false" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">
        Verification failed: {verdict.problem}
        {verdict.position !== null ? ` at position ${verdict.position}` : ""}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt>Line</dt>
        <dd>{verdict.line}</dd>
        {verdict.segment !== null ? (
          <>
            <dt>{verdict.kind === "conversations" ? "Conversation" : "Chain"}</dt>
            <dd className="break-all">{verdict.segment}</dd>
          </>
        ) : null}
        {verdict.seq !== null ? (
          <>
            <dt>Seq</dt>
            <dd>{verdict.seq}</dd>
          </>
        ) : null}
      </dl>
      <p className="mt-2">{verdict.message}</p>
    </div>
  );
}
