"use client";

// A plain table rather than @tanstack/react-table: the explorer needs no client-side
// sorting, grouping or column state (the server orders and filters, pages by cursor), and
// that library is not a dependency of the project yet.
import { VerdictBadge } from "@/components/detection/verdict-badge";
import { formatInZone } from "@/lib/dashboard/zoned-time";
import type { EventSummary } from "@/lib/ingest/read";

const TIME_FORMAT: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };

export function EventsTable({
  events,
  timeZone,
  selectedId,
  onSelect,
  onFilterConversation,
  compact = false,
}: {
  events: EventSummary[];
  /** Beside the detail panel: direction and conversation (shown in the panel) only on wide screens. */
  compact?: boolean;
  timeZone: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onFilterConversation: (conversationId: string) => void;
}) {
  const wideOnly = compact ? "hidden 2xl:table-cell" : "";
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="events-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Time <span className="normal-case tracking-normal text-slate-400">({timeZone})</span>
            </th>
            <th scope="col" className="px-3 py-2 font-medium">Agent</th>
            <th scope="col" className={`px-3 py-2 font-medium ${wideOnly}`}>Direction</th>
            <th scope="col" className="px-3 py-2 font-medium">Verdict</th>
            <th scope="col" className="px-3 py-2 font-medium">Categories</th>
            <th scope="col" className={`px-3 py-2 font-medium ${wideOnly}`}>Conversation</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Risk</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => {
            const selected = event.id === selectedId;
            return (
              <tr
                key={event.id}
                data-testid="event-row"
                data-verdict={event.verdict}
                aria-selected={selected}
                onClick={() => onSelect(event.id)}
                className={`cursor-pointer ${selected ? "bg-brand-50" : "hover:bg-slate-50"}`}
              >
                <td className="whitespace-nowrap px-3 py-2">
                  {/* The row is clickable; this button makes it reachable by keyboard too. */}
                  <button
                    type="button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect(event.id);
                    }}
                    className="font-mono text-xs text-slate-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500"
                    aria-label={`Show event of ${event.agent_id} at ${event.occurred_at}`}
                  >
                    <time dateTime={event.occurred_at}>{formatInZone(new Date(event.occurred_at), timeZone, TIME_FORMAT)}</time>
                  </button>
                </td>
                <td className="max-w-48 truncate px-3 py-2 font-mono text-xs" title={event.agent_id}>
                  {event.agent_id}
                  {event.to_agent ? <span className="text-slate-400"> → {event.to_agent}</span> : null}
                </td>
                <td className={`px-3 py-2 text-slate-600 ${wideOnly}`}>{event.direction}</td>
                <td className="px-3 py-2">
                  <span className="inline-block origin-left scale-90">
                    <VerdictBadge verdict={event.verdict} />
                  </span>
                </td>
                <td className="px-3 py-2">
                  {event.categories.length === 0 ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1">
                      {event.categories.map((c) => (
                        <li key={c} className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {c.replace(/_/g, " ")}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className={`max-w-48 truncate px-3 py-2 font-mono text-xs ${wideOnly}`}>
                  {event.conversation_id ? (
                    <button
                      type="button"
                      title={`Only events of ${event.conversation_id}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onFilterConversation(event.conversation_id!);
                      }}
                      className="text-brand-700 hover:underline"
                    >
                      {event.conversation_id}
                    </button>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{event.risk_score.toFixed(2)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function EventsTableSkeleton() {
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" aria-label="Loading events" aria-busy="true">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
