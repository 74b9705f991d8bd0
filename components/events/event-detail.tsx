"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { HighlightedText } from "@/components/detection/highlighted-text";
import { VerdictBadge } from "@/components/detection/verdict-badge";
import { ErrorNote } from "@/components/ui/error-note";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";
import { formatInZone } from "@/lib/dashboard/zoned-time";
import type { EventDetail } from "@/lib/ingest/read";

const SEVERITY_TONE: Record<string, string> = {
  critical: "bg-red-100 text-red-800",
  high: "bg-orange-100 text-orange-800",
  medium: "bg-amber-100 text-amber-800",
  low: "bg-slate-100 text-slate-700",
};

const STORAGE_NOTE = {
  full: "Full text, as scanned.",
  masked: "Masked: secrets and personal data were replaced by [REDACTED:<rule>] before storage.",
  none: "Text not stored: this project keeps only the length and SHA-256 of what was scanned.",
} as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 py-1">
      <dt className="w-28 shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function EventDetailPanel({
  orgId,
  projectId,
  eventId,
  timeZone,
  onClose,
}: {
  orgId: string;
  projectId: string;
  eventId: string;
  timeZone: string;
  onClose: () => void;
}) {
  const detail = useQuery({
    queryKey: ["event", projectId, eventId],
    queryFn: () => fetchJson<EventDetail>(`/api/orgs/${orgId}/projects/${projectId}/events/${encodeURIComponent(eventId)}`),
    // An event never changes once stored.
    staleTime: Infinity,
    retry: (count, error) => !(error instanceof ApiClientError && error.status < 500) && count < 1,
  });
  const pathname = usePathname();
  const event = detail.data;
  const notFound = detail.error instanceof ApiClientError && detail.error.status === 404;

  return (
    <aside aria-label="Event detail" data-testid="event-detail" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 lg:sticky lg:top-4">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Event</h2>
        <button type="button" onClick={onClose} aria-label="Close event detail" className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800">
          <X size={16} aria-hidden />
        </button>
      </div>

      {notFound ? (
        <p className="text-sm text-slate-600">This event is not in this project. The link may point to another project, or the event was removed by retention.</p>
      ) : detail.error ? (
        <ErrorNote error={detail.error} />
      ) : !event ? (
        <div className="space-y-2" aria-label="Loading event" aria-busy="true">
          <div className="h-6 w-32 animate-pulse rounded bg-slate-100" />
          <div className="h-40 animate-pulse rounded bg-slate-100" />
        </div>
      ) : (
        <>
          <div className="flex items-center gap-3">
            <VerdictBadge verdict={event.verdict} />
            <span className="text-sm text-slate-600">
              risk <span className="font-semibold tabular-nums text-slate-900">{event.risk_score.toFixed(2)}</span>
            </span>
          </div>
          <dl className="text-sm">
            <Fact label="Time">
              <time dateTime={event.occurred_at}>{formatInZone(new Date(event.occurred_at), timeZone, { dateStyle: "medium", timeStyle: "medium" })}</time>
            </Fact>
            <Fact label="Agent">
              {/* The events page's sibling: /o/<org>/p/<project>/agents/<name>. */}
              <Link href={`${pathname.replace(/\/events$/, "/agents")}/${encodeURIComponent(event.agent_id)}`} className="font-mono text-brand-700 hover:underline">
                {event.agent_id}
              </Link>
              {event.to_agent ? <span className="font-mono text-slate-500"> → {event.to_agent}</span> : null}
            </Fact>
            <Fact label="Direction">{event.direction}</Fact>
            <Fact label="Conversation">
              {event.conversation_id ? (
                <span className="font-mono">
                  {event.conversation_id}
                  {event.message_seq !== null ? <span className="text-slate-500"> · message {event.message_seq}</span> : null}
                </span>
              ) : (
                "—"
              )}
            </Fact>
            <Fact label="Source">
              {event.source} · engine {event.engine_version}
            </Fact>
            {event.client_id ? (
              <Fact label="Client id">
                <span className="font-mono">{event.client_id}</span>
              </Fact>
            ) : null}
          </dl>

          <section aria-label="Scanned text" className="space-y-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              Text · <span data-testid="text-storage">{event.text_storage === "none" ? "text not stored" : event.text_storage}</span>
            </h3>
            <p className="text-xs text-slate-500">{STORAGE_NOTE[event.text_storage]}</p>
            {event.text !== null ? (
              <HighlightedText
                text={event.text}
                findings={event.findings.flatMap((f) => (f.stored_span ? [{ span: f.stored_span, category: f.category, rule: f.rule }] : []))}
              />
            ) : (
              <dl className="rounded-md border border-dashed border-slate-300 p-3 text-sm">
                <Fact label="Length">{event.text_length.toLocaleString("en-US")} characters</Fact>
                <Fact label="SHA-256">
                  <span className="font-mono text-xs">{event.text_sha256}</span>
                </Fact>
              </dl>
            )}
          </section>

          <section aria-label="Findings" className="space-y-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Findings ({event.findings.length})</h3>
            {event.findings.length === 0 ? (
              <p className="text-sm text-slate-600">No detector matched this text.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {event.findings.map((f, i) => (
                  <li key={`${f.rule}-${i}`} className="space-y-1 py-2" data-testid="finding">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-mono text-xs text-slate-900">{f.rule}</span>
                      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY_TONE[f.severity] ?? SEVERITY_TONE.low}`}>{f.severity}</span>
                      <span className="text-xs tabular-nums text-slate-500">score {f.score.toFixed(2)}</span>
                    </div>
                    <p className="text-slate-600">{f.explanation}</p>
                    {event.text !== null && !f.stored_span ? <p className="text-xs text-slate-400">Its evidence is not in the stored text.</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </aside>
  );
}
