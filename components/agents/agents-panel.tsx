"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FlowGraphView, type GraphSelection } from "@/components/conversations/flow-graph-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { fetchJson } from "@/lib/client/fetch-json";
import type { AgentsOverview } from "@/lib/dashboard/agents";
import { count } from "@/lib/client/format-count";

export function AgentsPanel({ orgId, projectId, eventsHref, agentsHref }: { orgId: string; projectId: string; eventsHref: string; agentsHref: string }) {
  const range = useTimeRange("7d");
  const [selection, setSelection] = useState<GraphSelection>(null);
  const data = useQuery({
    queryKey: ["agents", projectId, range.query],
    queryFn: () => fetchJson<AgentsOverview>(`/api/orgs/${orgId}/projects/${projectId}/agents?${range.query}`),
    refetchInterval: range.selection.preset ? 30_000 : false,
  });
  const selectedAgent = selection?.type === "node" ? selection.agent : null;

  return (
    <div className="space-y-6">
      <TimeRangePicker state={range} />
      <ErrorNote error={data.error} />
      {!data.data ? (
        data.error ? null : <div className="h-96 animate-pulse rounded-lg bg-slate-200" aria-label="Loading agents" />
      ) : data.data.agents.length === 0 ? (
        <EmptyState title="No agents yet">
          Agents appear here as soon as their messages are scanned (<code>POST /api/v1/scan</code> with <code>context.agent_id</code>) or their
          conversations are sent (<code>POST /api/v1/conversations</code>).
        </EmptyState>
      ) : (
        // Side by side only on wide screens: at half a laptop screen the table's seven columns
        // wrapped into rows four lines high and hid "Last seen" behind a horizontal scroll.
        <div className="grid gap-6 2xl:grid-cols-2">
          <section aria-label="Agents" className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full divide-y divide-slate-200 whitespace-nowrap text-sm">
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-4 py-2">Agent</th>
                  <th className="px-4 py-2 text-right">Messages</th>
                  <th className="px-4 py-2 text-right">Events</th>
                  <th className="px-4 py-2 text-right">Blocked</th>
                  <th className="px-4 py-2 text-right">Flagged</th>
                  <th className="px-4 py-2">Last seen</th>
                  <th className="px-4 py-2">
                    <span className="sr-only">Events</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.data.agents.map((agent) => (
                  <tr key={agent.name} data-testid="agent-row" aria-selected={agent.name === selectedAgent} className={agent.name === selectedAgent ? "bg-brand-50" : ""}>
                    <td className="px-4 py-2 font-mono">
                      <Link href={`${agentsHref}/${encodeURIComponent(agent.name)}?${range.query}`} className="text-brand-700 hover:underline">
                        {agent.name}
                      </Link>
                    </td>
                    <td className="px-4 py-2 text-right">{count(agent.messages)}</td>
                    <td className="px-4 py-2 text-right">{count(agent.events)}</td>
                    <td className={`px-4 py-2 text-right ${agent.blocked > 0 ? "font-semibold text-red-700" : ""}`}>{count(agent.blocked)}</td>
                    <td className={`px-4 py-2 text-right ${agent.flagged > 0 ? "text-amber-700" : ""}`}>{count(agent.flagged)}</td>
                    <td className="px-4 py-2">
                      <Time value={agent.lastSeenAt} />
                    </td>
                    <td className="px-4 py-2 text-xs">
                      <Link href={`${eventsHref}?agent=${encodeURIComponent(agent.name)}&${range.query}`} className="text-brand-700 hover:underline">
                        events
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.data.agentsTotal > data.data.agents.length ? (
              <p data-testid="agents-truncated" className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
                Showing the {data.data.agents.length.toLocaleString("en-US")} agents with the most blocked, flagged and scanned events, of{" "}
                {data.data.agentsTotal.toLocaleString("en-US")}. The events explorer filters by any agent&apos;s name.
              </p>
            ) : null}
          </section>
          <section aria-label="Message flow between agents" className="rounded-lg border border-slate-200 bg-white p-2">
            <h2 className="px-2 pt-1 text-sm font-semibold">
              Message flow across all conversations, {range.label}
            </h2>
            {data.data.graph.nodes.length === 0 ? (
              <p className="p-4 text-sm text-slate-600">No conversation messages in this range: the graph is drawn from ingested transcripts.</p>
            ) : (
              <>
                {data.data.graph.omitted ? (
                  <p data-testid="graph-truncated" className="px-2 pt-1 text-xs text-slate-600">
                    Drawn: the {data.data.graph.nodes.length} agents with the most flagged and blocked messages, then the busiest, and{" "}
                    {data.data.graph.edges.length.toLocaleString("en-US")} of the edges between them. Left out:{" "}
                    {data.data.graph.omitted.nodes.toLocaleString("en-US")} agents and {data.data.graph.omitted.edges.toLocaleString("en-US")} edges.
                  </p>
                ) : null}
                <div className="h-[32rem]">
                  <FlowGraphView graph={data.data.graph} selection={selection} highlight={null} onSelect={setSelection} />
                </div>
              </>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
