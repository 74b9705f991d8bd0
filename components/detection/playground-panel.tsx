"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { fetchJson } from "@/lib/client/fetch-json";
import type { ScanResponse } from "@/lib/scan/schemas";
import { HighlightedText } from "./highlighted-text";
import { VerdictBadge } from "./verdict-badge";

const DIRECTIONS = [
  { value: "inbound", label: "inbound: entering the agents (user input, web pages, tool output)" },
  { value: "internal", label: "internal: between agents" },
  { value: "outbound", label: "outbound: leaving the agents (replies, external calls)" },
] as const;

export function PlaygroundPanel({ orgId, projectId }: { orgId: string; projectId: string }) {
  const [text, setText] = useState("");
  const [scanned, setScanned] = useState("");
  const scan = useMutation({
    mutationFn: (body: { text: string; direction: string }) =>
      fetchJson<ScanResponse>(`/api/orgs/${orgId}/projects/${projectId}/playground`, { method: "POST", body }),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const direction = String(new FormData(event.currentTarget).get("direction") ?? "inbound");
    setScanned(text);
    scan.mutate({ text, direction });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={onSubmit} className="space-y-3">
        <label className="block text-sm font-medium text-slate-700" htmlFor="playground-text">
          Message
        </label>
        <textarea
          id="playground-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={14}
          placeholder="Paste an agent message, a tool result or a retrieved web page…"
          className="block w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500"
        />
        <div className="flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Direction</span>
            <select name="direction" defaultValue="inbound" className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
              {DIRECTIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" disabled={!text || scan.isPending}>
            {scan.isPending ? "Scanning…" : "Scan"}
          </Button>
        </div>
        <p className="text-xs text-slate-500">Nothing is stored: this shows what POST /api/v1/scan would answer under this project&apos;s policy.</p>
      </form>

      <section aria-label="Result" className="space-y-3">
        <ErrorNote error={scan.error} />
        {scan.data ? (
          <>
            <div className="flex flex-wrap items-center gap-3">
              <VerdictBadge verdict={scan.data.verdict} />
              <span className="text-sm text-slate-600">
                risk {scan.data.risk_score.toFixed(2)} · {scan.data.threats.length} finding{scan.data.threats.length === 1 ? "" : "s"} · {scan.data.latency_ms.toFixed(2)} ms
              </span>
            </div>
            <HighlightedText text={scanned} findings={scan.data.threats} />
            {scan.data.threats.length > 0 ? (
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
                {scan.data.threats.map((threat, i) => (
                  <li key={i} data-testid="finding-row" className="px-3 py-2">
                    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                      <span className="font-medium">{threat.category}</span>
                      <code className="text-xs text-slate-600">{threat.rule}</code>
                      <span className="text-xs text-slate-500">
                        {threat.severity} · score {threat.score.toFixed(2)} · chars {threat.span.start}–{threat.span.end}
                      </span>
                    </div>
                    <p className="mt-0.5 text-slate-600">{threat.explanation}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-600">No findings: this text would be allowed.</p>
            )}
          </>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            Paste a message and press Scan to see the verdict, every finding, and the evidence marked in the text.
          </p>
        )}
      </section>
    </div>
  );
}
