"use client";

import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { useTimeRange } from "@/components/ui/time-range-picker";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatInZone } from "@/lib/dashboard/zoned-time";
import type { EventSummary } from "@/lib/ingest/read";
import { EventDetailPanel } from "./event-detail";
import { EventFilters } from "./event-filters";
import { eventsQuery, hasFilters, nextPageQuery, readExplorerView, withChange, type ViewChange } from "./explorer-params";
import { EventsTable, EventsTableSkeleton } from "./events-table";

interface EventsPage {
  events: EventSummary[];
  next_cursor: string | null;
  /** Set when a search (text, conversation or category) stopped at its budget before the range's start. */
  searched_back_to: string | null;
  range: { from: string; to: string; preset: string | null };
}
type PageParam = { cursor: string; from: string; to: string } | null;

const REFRESH_MS = 30_000;
/** A search that stopped at its budget goes on by itself until this many events are shown. */
const SEARCH_FILL = 50;
const SEARCHED_FORMAT: Intl.DateTimeFormatOptions = { month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

export function EventsExplorer({ orgId, projectId, endpoint }: { orgId: string; projectId: string; endpoint: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const view = useMemo(() => readExplorerView(params), [params]);
  const range = useTimeRange("24h");
  const timeZone = range.timeZone;

  const change = useCallback(
    (c: ViewChange) => {
      const query = withChange(params.toString(), c);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  // The key is the filters only: the selected event does not change the list.
  const first = eventsQuery(view).toString();
  const queryKey = ["events", projectId, first] as const;
  const base = `/api/orgs/${orgId}/projects/${projectId}/events`;
  const events = useInfiniteQuery({
    queryKey,
    initialPageParam: null as PageParam,
    queryFn: ({ pageParam }) =>
      fetchJson<EventsPage>(`${base}?${pageParam ? nextPageQuery(view, pageParam, pageParam.cursor).toString() : first}`),
    // Later pages continue from the first page's cursor within the first page's range, so
    // events that arrive meanwhile neither repeat nor push rows out of the pages below.
    getNextPageParam: (last, pages): PageParam => (last.next_cursor && pages[0] ? { cursor: last.next_cursor, from: pages[0].range.from, to: pages[0].range.to } : null),
    // Only a view of the newest page refreshes by itself; once older pages are loaded the
    // list holds still until the viewer asks for the newest events again.
    refetchInterval: (query) => ((query.state.data?.pages.length ?? 1) <= 1 ? REFRESH_MS : false),
  });

  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.events) ?? [], [events.data]);

  // Each request of a search reads a bounded slice of the range (lib/ingest/read.ts); the
  // explorer asks for the next one until enough events are shown, unless the viewer stops it.
  const [stoppedFor, setStoppedFor] = useState<string | null>(null);
  const searchedBackTo = events.data?.pages.at(-1)?.searched_back_to ?? null;
  const stopped = stoppedFor === first;
  const searching = searchedBackTo !== null && events.hasNextPage && rows.length < SEARCH_FILL && !stopped && !events.error;
  const { fetchNextPage, isFetchingNextPage } = events;
  useEffect(() => {
    if (searching && !isFetchingNextPage) void fetchNextPage();
  }, [searching, isFetchingNextPage, fetchNextPage]);
  const searchedLabel = searchedBackTo ? formatInZone(new Date(searchedBackTo), timeZone, SEARCHED_FORMAT) : null;
  const rangeStart = events.data?.pages[0]?.range.from;
  const startLabel = rangeStart ? ` (the range starts ${formatInZone(new Date(rangeStart), timeZone, SEARCHED_FORMAT)})` : "";
  const searchProgress = searchedLabel ? (
    <p className="text-center text-xs text-slate-500" data-testid="search-progress" aria-live="polite">
      {searching ? `Searching older events… back to ${searchedLabel} so far${startLabel}. ` : `Searched back to ${searchedLabel}${startLabel}. `}
      {searching ? (
        <button type="button" onClick={() => setStoppedFor(first)} className="text-brand-700 hover:underline">
          Stop
        </button>
      ) : events.hasNextPage ? (
        <button
          type="button"
          onClick={() => {
            setStoppedFor(null);
            void fetchNextPage();
          }}
          className="text-brand-700 hover:underline"
        >
          Search older events
        </button>
      ) : null}
    </p>
  ) : null;
  const agents = useMemo(() => [...new Set(rows.map((e) => e.agent_id))].sort(), [rows]);
  const pageCount = events.data?.pages.length ?? 0;

  const backToNewest = () => {
    queryClient.setQueryData<InfiniteData<EventsPage, PageParam>>(queryKey, (data) =>
      data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
    void events.refetch();
  };

  const rangeLabel = range.selection.preset ? `the ${range.label}` : range.label;

  return (
    <div className="space-y-4">
      <EventFilters view={view} range={range} agents={agents} onChange={change} />

      <div className={view.event ? "grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_24rem] 2xl:grid-cols-[minmax(0,1fr)_32rem]" : ""}>
        <div className="min-w-0 space-y-3">
          {events.error ? (
            <div className="flex flex-wrap items-center gap-3">
              <div className="min-w-0 flex-1">
                <ErrorNote error={events.error} />
              </div>
              <Button variant="secondary" onClick={() => void events.refetch()}>
                Try again
              </Button>
            </div>
          ) : null}

          {!events.data ? (
            events.error ? null : <EventsTableSkeleton />
          ) : rows.length === 0 && searchProgress && events.hasNextPage ? (
            <EmptyState title={searching ? "Searching…" : `No matches yet in ${rangeLabel}`}>{searchProgress}</EmptyState>
          ) : rows.length === 0 ? (
            hasFilters(view) ? (
              <EmptyState title={`No events match these filters in ${rangeLabel}`}>
                <p>Widen the time range above, or clear a filter.</p>
                <Button
                  variant="secondary"
                  className="mt-3"
                  onClick={() => change({ agent: null, verdict: null, direction: null, category: null, conversation: null, q: null })}
                >
                  Clear filters
                </Button>
              </EmptyState>
            ) : (
              <EmptyState title={`No events in ${rangeLabel}`}>
                <p>Every message your agents send through Warden appears here with its verdict and findings. Scan one, for example:</p>
                <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">{`curl ${endpoint}/api/v1/scan \\
  -H "Authorization: Bearer $WARDEN_KEY" -H 'content-type: application/json' \\
  -d '{"text": "…", "direction": "inbound", "context": {"agent_id": "web_surfer"}}'`}</pre>
                <p className="mt-3">Create a key with the scan scope under Settings → API keys, or pick a longer range above.</p>
              </EmptyState>
            )
          ) : (
            <>
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
                <span data-testid="events-count">
                  {rows.length.toLocaleString("en-US")} event{rows.length === 1 ? "" : "s"} shown, newest first
                  {events.isFetching && !events.isFetchingNextPage ? " · refreshing…" : ""}
                </span>
                {pageCount > 1 ? (
                  <span>
                    Auto-refresh paused while older pages are open ·{" "}
                    <button type="button" onClick={backToNewest} className="text-brand-700 hover:underline">
                      show newest
                    </button>
                  </span>
                ) : (
                  <span>refreshes every 30 s</span>
                )}
              </div>
              <EventsTable
                events={rows}
                timeZone={timeZone}
                selectedId={view.event}
                onSelect={(id) => change({ event: id })}
                onFilterConversation={(conversation) => change({ conversation })}
                compact={view.event !== null}
              />
              {searchProgress && events.hasNextPage ? (
                searchProgress
              ) : events.hasNextPage ? (
                <div className="flex justify-center">
                  <Button variant="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                    {events.isFetchingNextPage ? "Loading…" : "Load more"}
                  </Button>
                </div>
              ) : (
                <p className="text-center text-xs text-slate-400">End of {rangeLabel}.</p>
              )}
            </>
          )}
        </div>

        {view.event ? (
          <EventDetailPanel orgId={orgId} projectId={projectId} eventId={view.event} timeZone={timeZone} onClose={() => change({ event: null })} />
        ) : null}
      </div>
    </div>
  );
}
