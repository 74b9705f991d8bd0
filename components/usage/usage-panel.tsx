"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorNote } from "@/components/ui/error-note";
import { fetchJson } from "@/lib/client/fetch-json";
import { fillMonthDays, projectMonthEnd, type DayUsage } from "@/lib/usage/prepare";

interface Usage {
  tier: string;
  month: string;
  quota: number;
  allows_overage: boolean;
  used: number;
  dropped: number;
  overage: number;
  days: DayUsage[];
}

const number = (value: number) => value.toLocaleString("en-US");

function Tile({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

export function UsagePanel({ orgId }: { orgId: string }) {
  const usage = useQuery({ queryKey: ["usage", orgId], queryFn: () => fetchJson<Usage>(`/api/orgs/${orgId}/usage`), refetchInterval: 30_000 });
  if (usage.error) return <ErrorNote error={usage.error} />;
  if (!usage.data) return <div className="h-80 animate-pulse rounded-lg bg-slate-200" aria-label="Loading usage" />;
  const u = usage.data;
  const share = Math.min(1, u.used / u.quota);
  const projected = projectMonthEnd(u.month, u.used, new Date());
  const days = fillMonthDays(u.month, u.days);
  const tone = share >= 1 ? "bg-red-600" : share >= 0.8 ? "bg-amber-500" : "bg-brand-600";

  return (
    <div className="space-y-6">
      <section aria-label="Quota" className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-sm font-semibold">
            {u.month} · {u.tier} tier
          </h2>
          <span className="text-sm text-slate-600" data-testid="usage-meter-label">
            {number(u.used)} of {number(u.quota)} events ({Math.round(share * 100)}%)
          </span>
        </div>
        <div className="mt-3 h-3 overflow-hidden rounded-full bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={u.quota} aria-valuenow={u.used} aria-label="Events this month">
          <div className={`h-full ${tone}`} style={{ width: `${share * 100}%` }} />
        </div>
      </section>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="Stored this month" value={number(u.used)} testId="usage-used" />
        <Tile label="Projected by month end" value={number(projected)} hint={projected > u.quota ? "above the quota at this rate" : "within the quota at this rate"} />
        <Tile label="Dropped (over quota)" value={number(u.dropped)} hint="not stored; scans were still answered" />
        <Tile label="Overage" value={number(u.overage)} hint={u.allows_overage ? "stored past the quota" : "not available on this tier"} />
      </div>

      <section aria-label="Daily usage" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold">Events per day (UTC)</h2>
        <div className="h-64">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={days} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(8)} fontSize={12} />
              <YAxis fontSize={12} allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="used" name="stored" stackId="a" fill="#2f6fe4" />
              <Bar dataKey="dropped" name="dropped" stackId="a" fill="#dc2626" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>

      <section aria-label="At the limit" className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
        <h2 className="mb-1 font-semibold">What happens at the limit</h2>
        <p>
          Scans are always answered: a verdict is never withheld because of the quota, so protection does not fail open. Alerts are raised at
          80% and 100% of the quota.{" "}
          {u.allows_overage
            ? "Past the quota, events and messages are still stored and counted as overage."
            : "Past the quota, new events and messages are not stored until the next month (UTC) and are counted as dropped; the API answers quota_exceeded for each of them."}
        </p>
      </section>
    </div>
  );
}
