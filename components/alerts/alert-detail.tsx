"use client";

// One alert: what crossed which threshold, the evidence (linked to the conversation with
// the matched messages highlighted, or to the event), webhook deliveries, and acknowledge /
// resolve with a note. Evidence text is attacker-controlled: rendered as plain text only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import type { AlertDetail as AlertDetailData, EvidenceItem } from "@/lib/alerts/alerts";
import { RULE_TYPE_LABELS } from "@/lib/alerts/rule-types";
import { fetchJson } from "@/lib/client/fetch-json";
import { SeverityBadge, StatusBadge } from "./severity-badge";

/** Pairs each measured number with its threshold, in the words of the rule. */
const MEASURE_LABELS: Record<string, string> = {
  messagesInWindow: "messages in the window",
  windowSpanSeconds: "seconds from first to last",
  maxMessages: "threshold: messages",
  windowSeconds: "threshold: window (s)",
  agentMessages: "messages from the agent",
  conversationMessages: "messages in the conversation",
  sharePercent: "agent's share (%)",
  maxSharePercent: "threshold: share (%)",
  repeats: "near-identical messages",
  minRepeats: "threshold: repeats",
  lowestSimilarity: "lowest similarity",
  similarityThreshold: "threshold: similarity",
  agents: "agents involved",
  blockedInWindow: "blocked events in the window",
  minBlocked: "threshold: blocked events",
  rounds: "rounds",
  maxRounds: "threshold: rounds",
  largestChars: "largest (characters)",
  oversizedMessages: "oversized messages",
  oversizedTexts: "oversized texts",
  maxChars: "threshold: characters",
  findings: "findings",
  highestSeverity: "highest severity",
  minSeverity: "threshold: severity",
  category: "category",
  used: "units used this month",
  quota: "monthly quota",
  usedPercent: "used (%)",
  percent: "threshold: percent",
};

function Measured({ measured }: { measured: Record<string, number | string> }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4" data-testid="alert-measured">
      {Object.entries(measured).map(([key, value]) => (
        <div key={key}>
          <dt className="text-xs text-slate-500">{MEASURE_LABELS[key] ?? key}</dt>
          <dd className={`font-mono text-sm ${key.startsWith("max") || key.startsWith("min") || key.endsWith("Threshold") || key === "percent" || key === "windowSeconds" ? "text-slate-500" : "font-semibold text-slate-900"}`}>
            {typeof value === "number" ? value.toLocaleString("en-US") : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function evidenceLink(item: EvidenceItem, basePath: string, allSeqs: Map<string, number[]>): string | null {
  if (item.ref.type === "message") {
    const conversationId = item.conversationId ?? item.ref.conversationId;
    return `${basePath}/conversations/${encodeURIComponent(conversationId)}?highlight=${(allSeqs.get(conversationId) ?? [item.ref.seq]).join(",")}`;
  }
  const at = Date.parse(item.ref.at);
  const from = new Date(at - 3_600_000).toISOString();
  const to = new Date(at + 3_600_000).toISOString();
  return `${basePath}/events?event=${encodeURIComponent(item.ref.id)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

function Evidence({ items, basePath }: { items: EvidenceItem[]; basePath: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">This rule measures a total (usage against the quota); there are no individual messages to show.</p>;
  const seqs = new Map<string, number[]>();
  for (const item of items) {
    if (item.ref.type !== "message") continue;
    const id = item.conversationId ?? item.ref.conversationId;
    seqs.set(id, [...(seqs.get(id) ?? []), item.ref.seq]);
  }
  return (
    <ol className="space-y-2" data-testid="alert-evidence">
      {items.map((item) => {
        const href = evidenceLink(item, basePath, seqs);
        return (
          <li key={item.ref.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="evidence-item">
            <div className="mb-1 flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
              {item.ref.type === "message" ? (
                <>
                  <span className="font-mono text-slate-400">#{item.ref.seq}</span>
                  <span className="font-mono font-semibold text-slate-800">{item.ref.sender}</span>
                  {item.conversationExternalId ? <span className="font-mono">in {item.conversationExternalId}</span> : null}
                </>
              ) : (
                <>
                  <span className="font-mono font-semibold text-slate-800">{item.ref.agent}</span>
                  <span>{item.ref.verdict}</span>
                  {item.conversationExternalId ? <span className="font-mono">in {item.conversationExternalId}</span> : null}
                </>
              )}
              {item.categories.length > 0 ? <span className="text-amber-700">{item.categories.join(", ")}</span> : null}
              <Time value={item.ref.at} />
              {href ? (
                <Link href={href} className="ml-auto font-medium text-brand-700 hover:underline">
                  {item.ref.type === "message" ? "Open in conversation" : "Open event"}
                </Link>
              ) : null}
            </div>
            {item.preview !== null ? (
              <p className="line-clamp-3 whitespace-pre-wrap break-words font-mono text-xs text-slate-800">{item.preview}</p>
            ) : (
              <p className="text-xs text-slate-500">The text is not stored (or was removed by retention).</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

const DELIVERY_TONES = { delivered: "text-emerald-700", retrying: "text-amber-700", pending: "text-slate-600", failed: "text-red-700" } as const;

function Deliveries({ deliveries }: { deliveries: AlertDetailData["deliveries"] }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-600">No webhook deliveries: no webhook of this project or rule was configured when the alert changed.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="alert-deliveries">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Event</th>
          <th className="py-1 pr-3 font-medium">Webhook</th>
          <th className="py-1 pr-3 font-medium">Status</th>
          <th className="py-1 pr-3 font-medium">Attempts</th>
          <th className="py-1 font-medium">Details</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td className="py-1.5 pr-3 font-mono text-xs">{d.event}</td>
            <td className="max-w-xs truncate py-1.5 pr-3 font-mono text-xs" title={d.url}>
              {d.url}
            </td>
            <td className={`py-1.5 pr-3 font-medium ${DELIVERY_TONES[d.status]}`}>{d.status}</td>
            <td className="py-1.5 pr-3">{d.attempts}</td>
            <td className="py-1.5 text-xs text-slate-600">
              {d.status === "delivered" ? (
                <>
                  delivered <Time value={d.deliveredAt} />
                </>
              ) : d.status === "failed" ? (
                <>gave up: {d.lastError ?? `HTTP ${d.lastStatusCode}`}</>
              ) : d.lastError || d.lastStatusCode ? (
                <>
                  last error: {d.lastError ?? `HTTP ${d.lastStatusCode}`}; next try <Time value={d.nextAttemptAt} />
                </>
              ) : (
                <>queued</>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Respond({ alert, url, canRespond }: { alert: AlertDetailData["alert"]; url: string; canRespond: boolean }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const change = useMutation({
    mutationFn: (transition: "acknowledge" | "resolve") => fetchJson(`${url}/${transition}`, { method: "POST", body: { note } }),
    onSuccess: () => {
      setNote("");
      void queryClient.invalidateQueries({ queryKey: ["alert"] });
      void queryClient.invalidateQueries({ queryKey: ["alerts"] });
    },
  });
  if (alert.status === "resolved") return null;
  if (!canRespond) return <p className="text-sm text-slate-600">Viewers can read alerts; an owner or admin acknowledges and resolves them.</p>;
  const submit = (transition: "acknowledge" | "resolve") => (event?: FormEvent) => {
    event?.preventDefault();
    change.mutate(transition);
  };
  return (
    <form onSubmit={submit(alert.status === "open" ? "acknowledge" : "resolve")} className="space-y-2" aria-label="Respond to the alert">
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Note</span>
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
          rows={3}
          placeholder="What you found, what you did"
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <ErrorNote error={change.error} />
      <div className="flex gap-2">
        {alert.status === "open" ? (
          <Button type="submit" disabled={change.isPending}>
            Acknowledge
          </Button>
        ) : null}
        <Button type="button" variant={alert.status === "open" ? "secondary" : "primary"} disabled={change.isPending} onClick={() => submit("resolve")()}>
          Resolve
        </Button>
      </div>
    </form>
  );
}

export function AlertDetailView({ orgId, projectId, alertId, basePath, canRespond }: { orgId: string; projectId: string; alertId: string; basePath: string; canRespond: boolean }) {
  const url = `/api/orgs/${orgId}/projects/${projectId}/alerts/${encodeURIComponent(alertId)}`;
  const detail = useQuery({ queryKey: ["alert", projectId, alertId], queryFn: () => fetchJson<AlertDetailData>(url) });
  const alert = detail.data?.alert;
  return (
    <div className="space-y-6">
      <Link href={`${basePath}/alerts`} className="text-sm text-brand-700 hover:underline">
        ← Alerts
      </Link>
      <ErrorNote error={detail.error} />
      {!detail.data && !detail.error ? <div className="h-96 animate-pulse rounded-lg bg-slate-200" aria-label="Loading alert" /> : null}
      {alert && detail.data ? (
        <>
          <header className="space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <StatusBadge status={alert.status} />
              <span className="text-sm text-slate-600">
                {RULE_TYPE_LABELS[alert.ruleType].label} · rule “{alert.ruleName}”{alert.ruleId ? "" : " (deleted)"}
              </span>
            </div>
            <h1 className="text-xl font-semibold text-slate-900" data-testid="alert-title">
              {alert.title}
            </h1>
            <p className="text-sm text-slate-600">
              Matched {alert.count} time{alert.count === 1 ? "" : "s"} · first seen <Time value={alert.firstSeenAt} /> · last seen <Time value={alert.lastSeenAt} />
              {alert.agentName ? <> · agent <span className="font-mono">{alert.agentName}</span></> : null}
              {alert.conversationId && alert.conversationExternalId ? (
                <>
                  {" "}
                  · conversation{" "}
                  <Link href={`${basePath}/conversations/${encodeURIComponent(alert.conversationId)}`} className="font-mono text-brand-700 hover:underline">
                    {alert.conversationExternalId}
                  </Link>
                </>
              ) : null}
            </p>
          </header>
          <section className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-3 text-sm font-semibold">Measured against the threshold</h2>
            <Measured measured={alert.measured} />
          </section>
          <section className="space-y-3">
            <h2 className="text-sm font-semibold">Response</h2>
            {alert.acknowledgedAt ? (
              <p className="text-sm text-slate-700" data-testid="acknowledge-note">
                Acknowledged by {alert.acknowledgedBy} <Time value={alert.acknowledgedAt} />
                {alert.acknowledgeNote ? <>: “{alert.acknowledgeNote}”</> : null}
              </p>
            ) : null}
            {alert.resolvedAt ? (
              <p className="text-sm text-slate-700" data-testid="resolve-note">
                Resolved by {alert.resolvedBy} <Time value={alert.resolvedAt} />
                {alert.resolveNote ? <>: “{alert.resolveNote}”</> : null}
              </p>
            ) : null}
            <Respond alert={alert} url={url} canRespond={canRespond} />
          </section>
          <section className="space-y-3">
            <h2 className="text-sm font-semibold">Evidence ({detail.data.evidence.length})</h2>
            <Evidence items={detail.data.evidence} basePath={basePath} />
          </section>
          <section className="space-y-3">
            <h2 className="text-sm font-semibold">Webhook deliveries</h2>
            <Deliveries deliveries={detail.data.deliveries} />
          </section>
        </>
      ) : null}
    </div>
  );
}
