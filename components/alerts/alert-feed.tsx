"use client";

// The alert feed: open / acknowledged / resolved tabs with counts, filters by severity,
// rule type and agent (kept in the URL), newest first, with a "load more" cursor.
import { useInfiniteQuery } from "@tanstack/react-query";
import { BellOff } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import type { AlertSummary } from "@/lib/alerts/alerts";
import { ALERT_SEVERITIES, ALERT_STATUSES, RULE_TYPE_LABELS, RULE_TYPES } from "@/lib/alerts/rule-types";
import { fetchJson } from "@/lib/client/fetch-json";
import { feedQuery, readFeedView, type FeedView } from "./feed-params";
import { SeverityBadge } from "./severity-badge";

interface FeedPage {
  alerts: AlertSummary[];
  nextCursor: string | null;
  counts: Record<string, number>;
  agents: string[];
}

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function AlertFeed({ orgId, projectId, basePath, rulesPath }: { orgId: string; projectId: string; basePath: string; rulesPath: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = readFeedView(params);
  const setView = (next: Partial<FeedView>) => router.replace(`${pathname}?${feedQuery({ ...view, ...next })}`, { scroll: false });

  const feed = useInfiniteQuery({
    queryKey: ["alerts", projectId, feedQuery(view)],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchJson<FeedPage>(`/api/orgs/${orgId}/projects/${projectId}/alerts?${feedQuery(view, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const first = feed.data?.pages[0];
  const alerts = feed.data?.pages.flatMap((p) => p.alerts) ?? [];
  const filtered = view.severity !== null || view.ruleType !== null || view.agent !== null;

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Alert status" className="flex gap-1 border-b border-slate-200">
        {ALERT_STATUSES.map((status) => (
          <button
            key={status}
            role="tab"
            type="button"
            aria-selected={view.status === status}
            onClick={() => setView({ status })}
            className={`-mb-px border-b-2 px-3 py-2 text-sm capitalize ${view.status === status ? "border-brand-600 font-semibold text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {status} <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">{first?.counts[status] ?? "…"}</span>
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1">
          <span className="text-slate-600">Severity</span>
          <select aria-label="Severity" className={select} value={view.severity ?? ""} onChange={(e) => setView({ severity: (e.target.value || null) as FeedView["severity"] })}>
            <option value="">any</option>
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-600">Rule type</span>
          <select aria-label="Rule type" className={select} value={view.ruleType ?? ""} onChange={(e) => setView({ ruleType: (e.target.value || null) as FeedView["ruleType"] })}>
            <option value="">any</option>
            {RULE_TYPES.map((t) => (
              <option key={t} value={t}>
                {RULE_TYPE_LABELS[t].label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-600">Agent</span>
          <select aria-label="Agent" className={select} value={view.agent ?? ""} onChange={(e) => setView({ agent: e.target.value || null })}>
            <option value="">any</option>
            {(first?.agents ?? (view.agent ? [view.agent] : [])).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button type="button" className="text-brand-700 underline" onClick={() => setView({ severity: null, ruleType: null, agent: null })}>
            clear filters
          </button>
        ) : null}
      </div>

      <ErrorNote error={feed.error} />
      {feed.isPending ? <div className="h-64 animate-pulse rounded-lg bg-slate-200" aria-label="Loading alerts" /> : null}
      {feed.data && alerts.length === 0 ? (
        <EmptyState title={filtered ? "No alert matches these filters" : `No ${view.status} alerts`} icon={<BellOff size={28} aria-hidden />}>
          {view.status === "open" && !filtered ? (
            <p>
              Alerts open when a rule matches what your agents send: flooding, repetition, blocked spikes and more. Review or add rules on the{" "}
              <Link href={rulesPath} className="text-brand-700 underline">
                Rules
              </Link>{" "}
              page, and try them on the last 7 days before saving.
            </p>
          ) : (
            <p>Change the tab or clear the filters to see other alerts.</p>
          )}
        </EmptyState>
      ) : null}
      {alerts.length > 0 ? (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="alert-feed">
          {alerts.map((alert) => (
            <li key={alert.id} data-testid="alert-row">
              <Link href={`${basePath}/${alert.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50">
                <SeverityBadge severity={alert.severity} />
                <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{alert.title}</span>
                <span className="text-xs text-slate-500">{RULE_TYPE_LABELS[alert.ruleType].label}</span>
                {alert.count > 1 ? <span className="rounded-full bg-slate-100 px-2 text-xs text-slate-700">×{alert.count}</span> : null}
                <span className="text-xs text-slate-500">
                  <Time value={alert.lastSeenAt} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {feed.hasNextPage ? (
        <Button variant="secondary" onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
          {feed.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
