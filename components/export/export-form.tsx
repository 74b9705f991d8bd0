"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";
import { CATEGORIES } from "@/lib/detection/types";
import { EXPORT_FORMATS, type ExportFormatChoice, type ExportKindChoice } from "@/lib/export/schema";
import { useHydrated } from "./use-hydrated";

type RangeChoice = "all" | "24h" | "7d" | "30d" | "custom";
const RANGE_MS: Record<"24h" | "7d" | "30d", number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };
const FORMAT_LABELS: Record<ExportFormatChoice, string> = { jsonl: "JSON Lines", csv: "CSV", bundle: "Audit bundle (tamper-evident)" };

interface ConversationOption {
  externalId: string;
  messages: number;
  flagged: number;
  blocked: number;
}

type Started = { delivery: "stream"; rowsTotal: number; query: string } | { delivery: "job"; rowsTotal: number; job: { id: string } };

const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none";

/** The export choices; a small export downloads at once, a large one (or "run as a job") joins the jobs below. */
export function ExportForm({ orgId, projectId }: { orgId: string; projectId: string }) {
  const base = `/api/orgs/${orgId}/projects/${projectId}`;
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [kind, setKind] = useState<ExportKindChoice>("conversations");
  const [format, setFormat] = useState<ExportFormatChoice>("jsonl");
  const [range, setRange] = useState<RangeChoice>("all");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [agent, setAgent] = useState("");
  const [verdict, setVerdict] = useState("");
  const [category, setCategory] = useState("");
  const [conversation, setConversation] = useState("");
  const [bom, setBom] = useState(false);
  const [asJob, setAsJob] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const conversations = useQuery({
    queryKey: ["export-conversations", projectId],
    queryFn: () => fetchJson<{ conversations: ConversationOption[] }>(`${base}/conversations?risk=risky&limit=100`),
  });

  function rangeBounds(): { from?: string; to?: string } {
    if (range === "all") return {};
    if (range === "custom") {
      return { from: from ? new Date(from).toISOString() : undefined, to: to ? new Date(to).toISOString() : undefined };
    }
    const now = Date.now();
    return { from: new Date(now - RANGE_MS[range]).toISOString(), to: new Date(now).toISOString() };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body = {
        kind,
        format,
        ...rangeBounds(),
        agent: agent || undefined,
        verdict: verdict || undefined,
        category: category || undefined,
        conversation: conversation || undefined,
        bom: format === "csv" ? bom : undefined,
        delivery: asJob ? "job" : "auto",
      };
      const started = await fetchJson<Started>(`${base}/exports`, { method: "POST", body });
      if (started.delivery === "stream") {
        // A plain link download: the browser streams it to disk, nothing is held in the page.
        const link = document.createElement("a");
        link.href = `${base}/exports/stream?${started.query}`;
        link.download = "";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setNotice(`Downloading ${started.rowsTotal.toLocaleString()} rows.`);
      } else {
        setNotice(`Export of ${started.rowsTotal.toLocaleString()} rows queued; follow it below.`);
        await queryClient.invalidateQueries({ queryKey: ["export-jobs", projectId] });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => (error instanceof ApiClientError && error.field === name ? error.message : undefined);

  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-5" aria-label="New export">
      <fieldset disabled={!hydrated} className="space-y-5">
        <fieldset className="flex flex-wrap gap-6 text-sm">
          <legend className="mb-2 font-medium text-slate-700">What</legend>
          {(["conversations", "events"] as const).map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {k === "conversations" ? "Conversations (messages with their findings)" : "Scan events"}
            </label>
          ))}
        </fieldset>

        <div className="grid gap-4 md:grid-cols-3">
          <Field label="Format" error={fieldError("format")}>
            <select className={selectClass} value={format} onChange={(e) => setFormat(e.target.value as ExportFormatChoice)}>
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Time range" error={fieldError("from") ?? fieldError("to")}>
            <select className={selectClass} value={range} onChange={(e) => setRange(e.target.value as RangeChoice)}>
              <option value="all">All time</option>
              <option value="24h">Last 24 hours</option>
              <option value="7d">Last 7 days</option>
              <option value="30d">Last 30 days</option>
              <option value="custom">Custom…</option>
            </select>
          </Field>
          <Field label="Conversation" error={fieldError("conversation")} hint="A conversation id; suggestions are those with flagged or blocked messages.">
            <TextInput aria-label="Conversation" value={conversation} onChange={(e) => setConversation(e.target.value)} placeholder="Every conversation" list="export-conversations" />
            <datalist id="export-conversations">
              {(conversations.data?.conversations ?? []).map((c) => (
                <option key={c.externalId} value={c.externalId}>
                  {c.messages} messages{c.blocked ? `, ${c.blocked} blocked` : c.flagged ? `, ${c.flagged} flagged` : ""}
                </option>
              ))}
            </datalist>
          </Field>
        </div>

        {range === "custom" ? (
          <div className="grid gap-4 md:grid-cols-2">
            <Field label="From (your time zone)">
              <TextInput type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            <Field label="To (your time zone)">
              <TextInput type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </Field>
          </div>
        ) : null}

        <div className="grid gap-4 md:grid-cols-3">
          <Field label="Agent" error={fieldError("agent")} hint="Exact agent name, e.g. coder.">
            <TextInput value={agent} onChange={(e) => setAgent(e.target.value)} placeholder="Any agent" />
          </Field>
          <Field label="Verdict" error={fieldError("verdict")}>
            <select className={selectClass} value={verdict} onChange={(e) => setVerdict(e.target.value)}>
              <option value="">Any verdict</option>
              <option value="allowed">Allowed</option>
              <option value="flagged">Flagged</option>
              <option value="blocked">Blocked</option>
            </select>
          </Field>
          <Field label="Category" error={fieldError("category")}>
            <select className={selectClass} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">Any category</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </Field>
        </div>

        {format === "bundle" && kind === "conversations" ? (
          <p className="text-xs text-slate-600">
            A bundle keeps whole chains: agent, verdict and category choose which conversations are included, and each one&apos;s messages in
            the range are all written, so <code>npm run verify</code> can check them.
          </p>
        ) : null}

        <div className="flex flex-wrap items-center gap-6 text-sm">
          {format === "csv" ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
              Start with a UTF-8 byte order mark (for Excel)
            </label>
          ) : null}
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={asJob} onChange={(e) => setAsJob(e.target.checked)} />
            Run as a background job (large exports always do)
          </label>
        </div>

        <ErrorNote error={error} />
        {notice ? (
          <p role="status" className="text-sm text-slate-700">
            {notice}
          </p>
        ) : null}
        <Button type="submit" disabled={busy}>
          {busy ? "Starting…" : "Export"}
        </Button>
      </fieldset>
    </form>
  );
}
