"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { fetchJson } from "@/lib/client/fetch-json";
import { DeliveryStatusBadge } from "./delivery-status";
import type { DeliveryRow } from "./types";

/**
 * Deliveries from one of the deliveries routes (`url` with its filter), newest first,
 * refreshed every few seconds while any is still queued or retrying. The last error
 * comes from the receiver's answer, so it is shown as plain text.
 */
export function DeliveryList({ url, queryKey, showWebhook, empty }: { url: string; queryKey: unknown[]; showWebhook: boolean; empty: string }) {
  const deliveries = useInfiniteQuery({
    queryKey: ["webhook-deliveries", ...queryKey],
    queryFn: ({ pageParam }) =>
      fetchJson<{ deliveries: DeliveryRow[]; nextCursor: string | null }>(
        `${url}${url.includes("?") ? "&" : "?"}limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.deliveries.some((d) => d.status === "pending" || d.status === "retrying")) ? 5_000 : false,
  });

  if (deliveries.isPending) return <div className="h-16 animate-pulse rounded-md bg-slate-100" aria-label="Loading deliveries" />;
  if (deliveries.error) return <ErrorNote error={deliveries.error} />;
  const rows = deliveries.data.pages.flatMap((page) => page.deliveries);
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;

  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Event</th>
              {showWebhook ? <th className="px-3 py-2">Webhook</th> : null}
              <th className="px-3 py-2">Attempts</th>
              <th className="px-3 py-2">Queued</th>
              <th className="px-3 py-2">Outcome</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((delivery) => (
              <tr key={delivery.id} data-testid="delivery-row" className="align-top">
                <td className="px-3 py-2">
                  <DeliveryStatusBadge status={delivery.status} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">{delivery.event}</td>
                {showWebhook ? <td className="max-w-xs truncate px-3 py-2 font-mono text-xs" title={delivery.webhookUrl}>{delivery.webhookUrl}</td> : null}
                <td className="px-3 py-2">{delivery.attempts}</td>
                <td className="px-3 py-2"><Time value={delivery.createdAt} /></td>
                <td className="px-3 py-2 text-xs text-slate-700">
                  {delivery.status === "delivered" ? (
                    <span>
                      HTTP {delivery.lastStatusCode} at <Time value={delivery.deliveredAt} />
                    </span>
                  ) : (
                    <div className="space-y-0.5">
                      {delivery.lastError ? <p className="break-words text-red-800" data-testid="delivery-error">{delivery.lastError}</p> : null}
                      {delivery.nextAttemptAt ? (
                        <p>
                          Next attempt <Time value={delivery.nextAttemptAt} />
                        </p>
                      ) : null}
                      {delivery.status === "failed" ? <p>Gave up; no more attempts.</p> : null}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {deliveries.hasNextPage ? (
        <Button type="button" variant="secondary" disabled={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
          {deliveries.isFetchingNextPage ? "Loading…" : "Older deliveries"}
        </Button>
      ) : null}
    </div>
  );
}
