"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { bucketCaption, TimelineChart } from "@/components/overview/timeline-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { fetchJson } from "@/lib/client/fetch-json";
import type { AgentDetail, PeerEdge } from "@/lib/dashboard/agent-detail";
import { count } from "@/lib/client/format-count";


function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-lg font-semibold">{children}</div>
    </div>
  );
}

function Section({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-sm font-semibold">{label}</h2>
      {children}
    </section>
  );
}

function PeerList({ peers, agentHref, testId, empty }: { peers: PeerEdge[]; agentHref: (name: string) => string; testId: string; empty: string }) {
  if (peers.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {peers.map((p) => (
        <li key={p.agent} className="flex items-center justify-between gap-3 py-1.5" data-testid={testId}>
          {p.self ? (
            <span className="font-mono text-slate-600">itself (tool calls and results)</span>
          ) : (
            <Link href={agentHref(p.agent)} className="truncate font-mono text-brand-700 hover:underline">
              {p.agent}
            </Link>
          )}
          <span className="whitespace-nowrap text-slate-600">
            {count(p.messages)} message{p.messages === 1 ? "" : "s"}
            {p.blocked > 0 ? <span className="font-semibold text-red-700"> · {count(p.blocked)} blocked</span> : null}
            {p.flagged > 0 ? <span className="text-amber-700"> · {count(p.flagged)} flagged</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One agent's page: verdicts over time, top findings, who it talks to, its conversations. */
export function AgentDetailPanel({
  orgId,
  projectId,
  agentName,
  agentsHref,
  eventsHref,
  conversationsHref,
}: {
  orgId: string;
  projectId: string;
  agentName: string;
  agentsHref: string;
  eventsHref: string;
  conversationsHref: string;
}) {
  const range = useTimeRange("7d");
  const detail = useQuery({
    queryKey: ["agent", projectId, agentName, range.query, range.timeZone],
    queryFn: () =>
      fetchJson<AgentDetail>(`/api/orgs/${orgId}/projects/${projectId}/agents/${encodeURIComponent(agentName)}?${range.query}&tz=${encodeURIComponent(range.timeZone)}`),
    refetchInterval: range.selection.preset ? 30_000 : false,
  });
  const agentHref = (name: string) => `${agentsHref}/${encodeURIComponent(name)}?${range.query}`;
  const data = detail.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TimeRangePicker state={range} />
        <Link href={`${eventsHref}?agent=${encodeURIComponent(agentName)}&${range.query}`} className="text-sm text-brand-700 hover:underline">
          Open this agent&apos;s events →
        </Link>
      </div>
      <ErrorNote error={detail.error} />
      {!data ? (
        detail.error ? null : <div className="h-96 animate-pulse rounded-lg bg-slate-200" aria-label="Loading agent" />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
            <Stat label="Events" testId="agent-stat-events">
              {count(data.totals.total)}
            </Stat>
            <Stat label="Blocked" testId="agent-stat-blocked">
              <span className={data.totals.blocked > 0 ? "text-red-700" : ""}>{count(data.totals.blocked)}</span>
            </Stat>
            <Stat label="Flagged" testId="agent-stat-flagged">
              <span className={data.totals.flagged > 0 ? "text-amber-700" : ""}>{count(data.totals.flagged)}</span>
            </Stat>
            <Stat label="Messages sent / received" testId="agent-stat-messages">
              {count(data.totals.messagesSent)} / {count(data.totals.messagesReceived)}
            </Stat>
            <Stat label="First seen" testId="agent-first-seen">
              <span className="text-sm font-normal">
                <Time value={data.agent.firstSeenAt} />
              </span>
            </Stat>
            <Stat label="Last seen" testId="agent-last-seen">
              <span className="text-sm font-normal">
                <Time value={data.agent.lastSeenAt} />
              </span>
            </Stat>
          </div>

          {data.timeline.totals.total === 0 ? (
            <EmptyState title={`No scan events of ${data.agent.name} in ${range.selection.preset ? `the ${range.label}` : range.label}`}>
              <p>
                Events appear when this agent&apos;s messages are scanned: <code>POST /api/v1/scan</code> with <code>context.agent_id</code> set to its name, or a
                transcript sent with <code>scan: true</code>. Pick a longer range above to look further back.
              </p>
            </EmptyState>
          ) : (
            <Section label="Verdict timeline">
              <p className="-mt-2 mb-3 text-xs text-slate-500">
                {bucketCaption(data.timeline)} · blocked by category ({data.timeZone})
              </p>
              <TimelineChart timeline={data.timeline} height="h-64" />
            </Section>
          )}

          <div className="grid gap-4 lg:grid-cols-2">
            <Section label="Top findings in flagged and blocked messages">
              {data.findings.rules.length === 0 ? (
                <p className="text-sm text-slate-600">None of this agent&apos;s messages was flagged or blocked in this range.</p>
              ) : (
                <>
                  <ul className="mb-3 flex flex-wrap gap-2" aria-label="Findings by category">
                    {data.findings.categories.map((c) => (
                      <li key={c.category} data-testid="agent-finding-category" className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700">
                        {c.category.replace(/_/g, " ")} · {count(c.findings)}
                        {c.blocked > 0 ? <span className="text-red-700"> · {count(c.blocked)} blocked</span> : null}
                      </li>
                    ))}
                  </ul>
                  <table className="min-w-full text-sm">
                    <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                      <tr>
                        <th className="py-1 pr-3 font-medium">Rule</th>
                        <th className="py-1 pr-3 font-medium">Severity</th>
                        <th className="py-1 pr-3 text-right font-medium">Findings</th>
                        <th className="py-1 text-right font-medium">Blocked events</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {data.findings.rules.map((r) => (
                        <tr key={`${r.category}|${r.rule}`} data-testid="agent-finding-rule">
                          <td className="max-w-xs truncate py-1 pr-3 font-mono text-xs" title={r.rule}>
                            {r.rule}
                          </td>
                          <td className="py-1 pr-3 text-xs">{r.severity ?? "—"}</td>
                          <td className="py-1 pr-3 text-right tabular-nums">{count(r.findings)}</td>
                          <td className={`py-1 text-right tabular-nums ${r.blocked > 0 ? "font-semibold text-red-700" : "text-slate-400"}`}>{count(r.blocked)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {data.findings.moreRules > 0 ? <p className="mt-2 text-xs text-slate-500">and {data.findings.moreRules} more rules</p> : null}
                </>
              )}
            </Section>

            <Section label="Who it talks to">
              <div className="grid gap-4 sm:grid-cols-2">
                <div>
                  <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Sends to</h3>
                  <PeerList peers={data.talksTo.outgoing} agentHref={agentHref} testId="agent-peer-out" empty="It sent no conversation messages in this range." />
                </div>
                <div>
                  <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Hears from</h3>
                  <PeerList peers={data.talksTo.incoming} agentHref={agentHref} testId="agent-peer-in" empty="No agent addressed it in this range." />
                </div>
              </div>
            </Section>
          </div>

          <Section label="Conversations">
            {data.conversations.items.length === 0 ? (
              <p className="text-sm text-slate-600">
                It took part in no conversation with messages in this range. Conversations come from transcripts sent to <code>POST /api/v1/conversations</code>.
              </p>
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full text-sm">
                  <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Conversation</th>
                      <th className="py-1 pr-3 text-right font-medium">Its messages</th>
                      <th className="py-1 pr-3 text-right font-medium">All messages</th>
                      <th className="py-1 pr-3 text-right font-medium">Flagged</th>
                      <th className="py-1 pr-3 text-right font-medium">Blocked</th>
                      <th className="py-1 font-medium">Last message</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {data.conversations.items.map((c) => (
                      <tr key={c.id} data-testid="agent-conversation">
                        <td className="max-w-xs truncate py-1.5 pr-3 font-mono">
                          <Link href={`${conversationsHref}/${c.id}`} className="text-brand-700 hover:underline" title={c.externalId}>
                            {c.externalId}
                          </Link>
                        </td>
                        <td className="py-1.5 pr-3 text-right tabular-nums">{count(c.sentByAgent)}</td>
                        <td className="py-1.5 pr-3 text-right tabular-nums">{count(c.messages)}</td>
                        <td className={`py-1.5 pr-3 text-right tabular-nums ${c.flagged > 0 ? "text-amber-700" : "text-slate-400"}`}>{c.flagged}</td>
                        <td className={`py-1.5 pr-3 text-right tabular-nums ${c.blocked > 0 ? "font-semibold text-red-700" : "text-slate-400"}`}>{c.blocked}</td>
                        <td className="whitespace-nowrap py-1.5 text-slate-600">
                          <Time value={c.lastMessageAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {data.conversations.total > data.conversations.items.length ? (
                  <p className="mt-2 text-xs text-slate-500">
                    The {data.conversations.items.length} most recent of {count(data.conversations.total)} conversations.
                  </p>
                ) : null}
              </div>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
