"use client";

// One conversation: the ordered transcript beside its message-flow graph and blast radius.
// Clicking a node or an edge filters the transcript with the same rules the graph counts by
// (messagesOfNode / messagesOnEdge), so the list always has as many messages as the graph says.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { ErrorNote } from "@/components/ui/error-note";
import { Time } from "@/components/ui/time";
import { fetchJson } from "@/lib/client/fetch-json";
import { computeBlastRadius, type BlastMessage } from "@/lib/dashboard/blast-radius";
import type { ConversationDetail } from "@/lib/dashboard/conversations";
import { buildFlowGraph, messagesOfNode, messagesOnEdge } from "@/lib/dashboard/flow-graph";
import { BlastRadiusPanel } from "./blast-radius-panel";
import { FlowGraphView, type GraphHighlight, type GraphSelection } from "./flow-graph-view";
import { TranscriptMessage, type MessageMark } from "./transcript";

function viewerTimeZone(): string {
  return typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
}

function selectionLabel(selection: NonNullable<GraphSelection>): string {
  return selection.type === "node" ? `agent ${selection.agent}` : `${selection.from} → ${selection.to}`;
}

function sameSelection(a: GraphSelection, b: GraphSelection): boolean {
  if (!a || !b || a.type !== b.type) return false;
  return a.type === "node" ? a.agent === (b as { agent: string }).agent : a.from === (b as { from: string }).from && a.to === (b as { to: string }).to;
}

function ConversationBody({ detail, highlightSeqs }: { detail: ConversationDetail; highlightSeqs: readonly number[] }) {
  const [selection, setSelection] = useState<GraphSelection>(null);
  const [highlightBlast, setHighlightBlast] = useState(true);
  const messages = detail.messages;
  const graph = useMemo(() => buildFlowGraph(messages), [messages]);
  const blast = useMemo(() => {
    const timed: BlastMessage[] = messages.map((m) => ({ ...m, sentAt: new Date(m.sentAt) }));
    return computeBlastRadius(timed, { timeZone: viewerTimeZone() });
  }, [messages]);
  const highlight = useMemo<GraphHighlight | null>(
    () => (blast && highlightBlast ? { origin: blast.summary.origin, reached: new Set(blast.reached.map((r) => r.agent)) } : null),
    [blast, highlightBlast],
  );
  const marks = useMemo(() => {
    const m = new Map<number, MessageMark>();
    if (blast && highlightBlast) {
      m.set(blast.summary.startSeq, "origin");
      for (const seq of blast.downstreamSeqs) m.set(seq, "downstream");
    }
    // An alert's evidence (?highlight=) is marked over the blast radius.
    for (const seq of highlightSeqs) m.set(seq, "evidence");
    return m;
  }, [blast, highlightBlast, highlightSeqs]);
  useEffect(() => {
    if (highlightSeqs.length === 0) return;
    document.querySelector(`[data-testid="transcript-message"][data-seq="${Math.min(...highlightSeqs)}"]`)?.scrollIntoView({ block: "center" });
  }, [highlightSeqs]);

  const shown = !selection
    ? messages
    : selection.type === "node"
      ? messagesOfNode(messages, selection.agent)
      : messagesOnEdge(messages, selection.from, selection.to);
  const select = (next: GraphSelection) => setSelection((current) => (sameSelection(current, next) ? null : next));

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section aria-label="Transcript" className="min-w-0 space-y-3 xl:order-1">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-sm font-semibold">Transcript</h2>
          <span className="text-xs text-slate-500">
            {shown.length} of {messages.length} message{messages.length === 1 ? "" : "s"}
          </span>
          {selection ? (
            <span data-testid="transcript-filter" className="inline-flex items-center gap-2 rounded-full bg-brand-50 px-3 py-0.5 text-xs text-brand-700">
              filtered by {selectionLabel(selection)}
              <button type="button" onClick={() => setSelection(null)} className="font-semibold underline" aria-label="Clear the transcript filter">
                clear
              </button>
            </span>
          ) : null}
        </div>
        {detail.messagesTruncated ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
            This conversation has {detail.conversation.messages.toLocaleString("en-US")} messages; the first {messages.length.toLocaleString("en-US")} are shown and drawn. Export the conversation for the rest.
          </p>
        ) : null}
        {shown.length === 0 ? (
          <p className="text-sm text-slate-600">No message matches this filter.</p>
        ) : (
          <ol className="space-y-3">
            {shown.map((m) => (
              <TranscriptMessage key={m.seq} message={m} mark={marks.get(m.seq) ?? null} />
            ))}
          </ol>
        )}
      </section>
      <aside className="min-w-0 space-y-3 xl:order-2">
        <div className="xl:sticky xl:top-4 space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold">Message flow</h2>
            <p className="text-xs text-slate-500">
              width: messages · dashed: broadcast only · <span className="text-red-700">red</span>/<span className="text-amber-700">amber</span>: carried blocked/flagged content
            </p>
          </div>
          {graph.nodes.length === 0 ? (
            <p className="text-sm text-slate-600">No messages yet.</p>
          ) : (
            <FlowGraphView graph={graph} selection={selection} highlight={highlight} onSelect={select} />
          )}
          <BlastRadiusPanel blast={blast} highlighted={highlightBlast} onHighlight={setHighlightBlast} />
        </div>
      </aside>
    </div>
  );
}

export function ConversationView({
  orgId,
  projectId,
  conversationId,
  listPath,
  highlightSeqs = [],
}: {
  orgId: string;
  projectId: string;
  conversationId: string;
  listPath: string;
  highlightSeqs?: readonly number[];
}) {
  const detail = useQuery({
    queryKey: ["conversation", projectId, conversationId],
    queryFn: () => fetchJson<ConversationDetail>(`/api/orgs/${orgId}/projects/${projectId}/conversations/${encodeURIComponent(conversationId)}`),
  });
  const c = detail.data?.conversation;
  return (
    <div className="space-y-4">
      <div>
        <Link href={listPath} className="text-sm text-brand-700 hover:underline">
          ← Conversations
        </Link>
        <h1 className="mt-1 break-all font-mono text-xl font-semibold text-slate-900" data-testid="conversation-title">
          {c?.externalId ?? "Conversation"}
        </h1>
        {c ? (
          <p className="mt-1 text-sm text-slate-600">
            {c.framework} · {c.participants.length} participant{c.participants.length === 1 ? "" : "s"} · {c.messages} messages ·{" "}
            <span className={c.flagged ? "text-amber-700" : ""}>{c.flagged} flagged</span> · <span className={c.blocked ? "text-red-700" : ""}>{c.blocked} blocked</span> · {c.status} · <Time value={c.startedAt} /> – <Time value={c.lastMessageAt} />
          </p>
        ) : null}
        {c && c.participants.length > 0 ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="conversation-participants">
            Agents:{" "}
            {c.participants.map((agent, i) => (
              <span key={agent}>
                {i > 0 ? ", " : null}
                <Link href={`${listPath.replace(/\/conversations$/, "/agents")}/${encodeURIComponent(agent)}?range=30d`} className="font-mono text-brand-700 hover:underline">
                  {agent}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <ErrorNote error={detail.error} />
      {detail.data ? <ConversationBody detail={detail.data} highlightSeqs={highlightSeqs} /> : detail.error ? null : <div className="h-96 animate-pulse rounded-lg bg-slate-200" aria-label="Loading conversation" />}
    </div>
  );
}
