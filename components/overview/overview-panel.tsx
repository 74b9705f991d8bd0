"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { fetchJson } from "@/lib/client/fetch-json";
import type { OverviewData } from "@/lib/dashboard/overview";
import { formatChange, type Tile } from "@/lib/dashboard/tiles";
import { bucketCaption, TimelineChart } from "./timeline-chart";
import { count } from "@/lib/client/format-count";

function TileCard({ tile }: { tile: Tile }) {
  const value = tile.value === null ? "—" : tile.unit === "percent" ? `${tile.value.toFixed(1)}%` : tile.value.toLocaleString("en-US");
  const worse = tile.change && tile.change.delta !== 0 && (tile.change.delta > 0) === tile.higherIsWorse;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`tile-${tile.key}`}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{tile.label}</div>
      <div className="mt-1 text-2xl font-semibold">{value}</div>
      <div className={`mt-1 text-xs ${worse ? "text-red-700" : "text-slate-500"}`}>{tile.change ? `${formatChange(tile)} vs previous` : "not tracked yet"}</div>
    </div>
  );
}

export function OverviewPanel({
  orgId,
  projectId,
  endpoint,
  agentsHref,
  alertsHref,
}: {
  orgId: string;
  projectId: string;
  endpoint: string;
  agentsHref: string;
  alertsHref: string;
}) {
  const range = useTimeRange("24h");
  const overview = useQuery({
    queryKey: ["overview", projectId, range.query, range.timeZone],
    queryFn: () => fetchJson<OverviewData>(`/api/orgs/${orgId}/projects/${projectId}/overview?${range.query}&tz=${encodeURIComponent(range.timeZone)}`),
    // A custom range is history: it does not change, so only presets refresh.
    refetchInterval: range.selection.preset ? 30_000 : false,
  });

  return (
    <div className="space-y-6">
      <TimeRangePicker state={range} />

      <ErrorNote error={overview.error} />
      {!overview.data ? (
        overview.error ? null : <div className="h-96 animate-pulse rounded-lg bg-slate-200" aria-label="Loading overview" />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            {overview.data.tiles.map((tile) => (
              <TileCard key={tile.key} tile={tile} />
            ))}
          </div>

          {overview.data.timeline.totals.total === 0 ? (
            <EmptyState title={`No events in ${range.selection.preset ? `the ${range.label}` : range.label}`}>
              <p>Send messages to Warden as your agents exchange them, for example:</p>
              <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">{`curl ${endpoint}/api/v1/scan \\
  -H "Authorization: Bearer $WARDEN_KEY" -H 'content-type: application/json' \\
  -d '{"text": "…", "direction": "inbound", "context": {"agent_id": "web_surfer"}}'`}</pre>
              <p className="mt-3">Create a key under Settings → API keys, or pick a longer range above.</p>
              <p className="mt-3">
                AutoGen in Python: <code>pip install ./sdk/python</code>, then <code>warden.autogen.protect(groupchat, client)</code> scans every message before delivery (see the README, section Python and AutoGen integration).
              </p>
            </EmptyState>
          ) : (
            <section aria-label="Blocked-event timeline" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="mb-3 text-sm font-semibold">
                {bucketCaption(overview.data.timeline)} · blocked by category ({overview.data.timeZone})
              </h2>
              <TimelineChart timeline={overview.data.timeline} />
            </section>
          )}

          <div className="grid gap-4 lg:grid-cols-2">
            <section aria-label="Top agents by blocked events" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="mb-2 text-sm font-semibold">Top agents by blocked events</h2>
              {overview.data.topAgents.length === 0 ? (
                <p className="text-sm text-slate-600">No agent had a blocked or flagged message in this range.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {overview.data.topAgents.map((agent) => (
                    <li key={agent.name} className="flex items-center justify-between py-1.5" data-testid="top-agent">
                      <Link href={`${agentsHref}/${encodeURIComponent(agent.name)}?${range.query}`} className="font-mono text-brand-700 hover:underline">
                        {agent.name}
                      </Link>
                      <span className="text-slate-600">
                        <span className="font-semibold text-red-700">{count(agent.blocked)}</span> blocked · {count(agent.flagged)} flagged · {count(agent.total)} events
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-label="Recent alerts" className="rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
              <h2 className="mb-2 text-sm font-semibold">Recent alerts</h2>
              {overview.data.recentAlerts.length === 0 ? (
                <p className="text-sm text-slate-600">
                  No open alert was seen in this range. Earlier and resolved ones are on the{" "}
                  <Link href={alertsHref} className="text-brand-700 hover:underline">
                    Alerts
                  </Link>{" "}
                  page; the Rules page decides what raises one.
                </p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {overview.data.recentAlerts.map((alert) => (
                    <li key={alert.id} className="flex items-center justify-between gap-3 py-1.5" data-testid="recent-alert">
                      <Link href={`${alertsHref}/${alert.id}`} className="min-w-0 truncate text-brand-700 hover:underline">
                        {alert.title}
                      </Link>
                      <span className="shrink-0 text-slate-600">
                        {alert.severity} · {alert.status} · ×{alert.count} · <Time value={alert.lastSeenAt} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-label="Quota" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="mb-2 text-sm font-semibold">
                Usage {overview.data.quota.month} · {overview.data.quota.tier} tier
              </h2>
              <div className="h-3 overflow-hidden rounded-full bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={overview.data.quota.quota} aria-valuenow={overview.data.quota.used} aria-label="Events this month">
                <div className="h-full bg-brand-600" style={{ width: `${Math.min(100, (overview.data.quota.used / overview.data.quota.quota) * 100)}%` }} />
              </div>
              <p className="mt-2 text-sm text-slate-600">
                {overview.data.quota.used.toLocaleString("en-US")} of {overview.data.quota.quota.toLocaleString("en-US")} events this month
              </p>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
