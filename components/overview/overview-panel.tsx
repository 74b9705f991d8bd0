"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState } from "@/components/ui/empty-state";
import { RangePresets, useRangePreset } from "@/components/ui/range-presets";
import { ErrorNote } from "@/components/ui/error-note";
import { fetchJson } from "@/lib/client/fetch-json";
import type { OverviewData } from "@/lib/dashboard/overview";
import { formatChange, type Tile } from "@/lib/dashboard/tiles";

const CATEGORY_COLOURS: Record<string, string> = {
  blocked_prompt_injection: "#b91c1c",
  blocked_jailbreak: "#ea580c",
  blocked_code_execution: "#7f1d1d",
  blocked_data_exfiltration: "#7e22ce",
  blocked_secrets: "#a16207",
  blocked_pii: "#0369a1",
  blocked_uncategorized: "#475569",
};

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

export function OverviewPanel({ orgId, projectId, endpoint }: { orgId: string; projectId: string; endpoint: string }) {
  const preset = useRangePreset();
  const timeZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const overview = useQuery({
    queryKey: ["overview", projectId, preset, timeZone],
    queryFn: () => fetchJson<OverviewData>(`/api/orgs/${orgId}/projects/${projectId}/overview?range=${preset}&tz=${encodeURIComponent(timeZone)}`),
    refetchInterval: 30_000,
  });

  return (
    <div className="space-y-6">
      <RangePresets value={preset} />

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
            <EmptyState title={`No events in the last ${preset}`}>
              <p>Send messages to Warden as your agents exchange them, for example:</p>
              <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">{`curl ${endpoint}/api/v1/scan \\
  -H "Authorization: Bearer $WARDEN_KEY" -H 'content-type: application/json' \\
  -d '{"text": "…", "direction": "inbound", "context": {"agent_id": "web_surfer"}}'`}</pre>
              <p className="mt-3">Create a key under Settings → API keys, or pick a longer range above.</p>
            </EmptyState>
          ) : (
            <section aria-label="Blocked-event timeline" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="mb-3 text-sm font-semibold">
                Events per {overview.data.timeline.bucket.step === 1 ? "" : `${overview.data.timeline.bucket.step} `}{overview.data.timeline.bucket.unit}{overview.data.timeline.bucket.step === 1 ? "" : "s"} · blocked by category ({overview.data.timeZone})
              </h2>
              <div className="h-72" data-testid="timeline-chart">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={overview.data.timeline.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="label" fontSize={11} minTickGap={16} />
                    <YAxis fontSize={11} allowDecimals={false} />
                    <Tooltip labelFormatter={(_, payload) => String(payload?.[0]?.payload?.title ?? "")} />
                    <Legend />
                    {overview.data.timeline.stacks.map((stack) => (
                      <Bar key={stack.key} dataKey={stack.key} name={`blocked: ${stack.category ?? "other"}`} stackId="v" fill={CATEGORY_COLOURS[stack.key] ?? "#991b1b"} />
                    ))}
                    <Bar dataKey="flagged" name="flagged" stackId="v" fill="#f59e0b" />
                    <Bar dataKey="allowed" name="allowed" stackId="v" fill="#cbd5e1" />
                  </BarChart>
                </ResponsiveContainer>
              </div>
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
                      <span className="font-mono">{agent.name}</span>
                      <span className="text-slate-600">
                        <span className="font-semibold text-red-700">{agent.blocked}</span> blocked · {agent.flagged} flagged · {agent.total} events
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
