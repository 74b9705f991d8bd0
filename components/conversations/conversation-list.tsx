"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { fetchJson } from "@/lib/client/fetch-json";
import type { ConversationList } from "@/lib/dashboard/conversations";

const RISK_FILTERS = [
  { value: "any", label: "All" },
  { value: "risky", label: "With flagged or blocked messages" },
  { value: "blocked", label: "With blocked messages" },
] as const;
type Risk = (typeof RISK_FILTERS)[number]["value"];

function TranscriptExample({ endpoint }: { endpoint: string }) {
  return (
    <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">{`curl ${endpoint}/api/v1/conversations \\
  -H "Authorization: Bearer $WARDEN_KEY" -H 'content-type: application/json' \\
  -d '{"conversation_id": "run-42", "scan": true, "transcript": {"messages": [
        {"sender": "planner", "recipients": ["coder"], "content": "Write the parser."},
        {"sender": "coder", "content": "Here is the parser: ..."}]}}'`}</pre>
  );
}

/** The conversations of a project, newest activity first; filters live in the URL. */
export function ConversationList({ orgId, projectId, basePath, endpoint }: { orgId: string; projectId: string; basePath: string; endpoint: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const risk: Risk = RISK_FILTERS.some((f) => f.value === params.get("risk")) ? (params.get("risk") as Risk) : "any";
  const q = params.get("q") ?? "";
  const range = useTimeRange("30d");
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const setParams = (next: { risk?: Risk; q?: string }) => {
    const merged = new URLSearchParams(params);
    const r = next.risk ?? risk;
    const text = next.q ?? q;
    if (r === "any") merged.delete("risk");
    else merged.set("risk", r);
    if (text) merged.set("q", text);
    else merged.delete("q");
    const query = merged.toString();
    router.replace(query ? `${pathname}?${query}` : pathname);
  };

  const list = useInfiniteQuery({
    queryKey: ["conversations", projectId, risk, q, range.query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams(range.query);
      query.set("risk", risk);
      query.set("limit", "25");
      if (q) query.set("q", q);
      if (pageParam) query.set("cursor", pageParam);
      return fetchJson<ConversationList>(`/api/orgs/${orgId}/projects/${projectId}/conversations?${query}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.conversations) ?? [];
  const filtered = risk !== "any" || q !== "";
  const rangeLabel = range.selection.preset ? `the ${range.label}` : range.label;

  return (
    <div className="space-y-4">
      <TimeRangePicker state={range} />
      <div className="flex flex-wrap items-center gap-3">
        <div role="group" aria-label="Risk filter" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm">
          {RISK_FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={f.value === risk}
              onClick={() => setParams({ risk: f.value })}
              className={`px-3 py-1.5 ${f.value === risk ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}
            >
              {f.label}
            </button>
          ))}
        </div>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ q: search.trim() });
          }}
          className="flex items-center gap-2"
        >
          <input
            aria-label="Conversation id contains"
            placeholder="Conversation id…"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.target.value)}
            className="w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
          />
          <Button type="submit" variant="secondary" className="py-1.5">
            Search
          </Button>
        </form>
      </div>

      <ErrorNote error={list.error} />
      {list.isPending ? (
        <div className="h-64 animate-pulse rounded-lg bg-slate-200" aria-label="Loading conversations" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No conversation matches these filters">
            <p>Clear the search, choose “All”, or pick a longer time range to see more conversations of this project.</p>
          </EmptyState>
        ) : (
          <EmptyState title={`No conversations in ${rangeLabel}`}>
            <p>Send a transcript of your agents’ conversation, whole or as it grows; Warden stores each message once, in order, and scans it with scan: true.</p>
            <TranscriptExample endpoint={endpoint} />
            <p className="mt-3">AutoGen 0.2 / AG2 chat histories and AutoGen 0.4 TaskResult dumps are accepted as they are. Create a key with the ingest scope under Settings → API keys, or pick a longer range above.</p>
            <p className="mt-3">
              From Python, <code>pip install ./sdk/python</code> and <code>warden.autogen.protect(groupchat, client)</code> streams an AutoGen chat as it happens and stops blocked messages before delivery (see the README, section Python and AutoGen integration).
            </p>
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">Conversation</th>
                <th className="px-3 py-2 font-medium">Framework</th>
                <th className="px-3 py-2 font-medium">Participants</th>
                <th className="px-3 py-2 text-right font-medium">Messages</th>
                <th className="px-3 py-2 text-right font-medium">Flagged</th>
                <th className="px-3 py-2 text-right font-medium">Blocked</th>
                <th className="px-3 py-2 font-medium">First message</th>
                <th className="px-3 py-2 font-medium">Last message</th>
                <th className="px-3 py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.id} data-testid="conversation-row" className="hover:bg-slate-50">
                  <td className="max-w-xs truncate px-3 py-2 font-mono">
                    <Link href={`${basePath}/${c.id}`} className="text-brand-700 hover:underline" title={c.externalId}>
                      {c.externalId}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{c.framework}</td>
                  <td className="max-w-xs truncate px-3 py-2 font-mono text-xs text-slate-600" title={c.participants.join(", ")}>
                    {c.participants.join(", ")}
                    {c.participantCount > c.participants.length ? ` +${(c.participantCount - c.participants.length).toLocaleString("en-US")} more` : ""}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{c.messages.toLocaleString("en-US")}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${c.flagged > 0 ? "font-semibold text-amber-700" : "text-slate-400"}`}>{c.flagged}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${c.blocked > 0 ? "font-semibold text-red-700" : "text-slate-400"}`}>{c.blocked}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                    <Time value={c.startedAt} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                    <Time value={c.lastMessageAt} />
                  </td>
                  <td className="px-3 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs ${c.status === "active" ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>{c.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage ? (
        <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
