"use client";

// The ordered transcript of a conversation. Every stored text is attacker-controlled: it is
// shown only through HighlightedText (React text nodes, evidence marked), long texts are cut
// with an expander, and nothing is parsed as HTML, markdown or links.
import { useState } from "react";
import { HighlightedText } from "@/components/detection/highlighted-text";
import type { ConversationMessage } from "@/lib/dashboard/conversations";

/** Characters shown before "Show all". */
const PREVIEW_CHARS = 1_500;

const KIND_LABELS: Record<ConversationMessage["kind"], string> = {
  text: "message",
  tool_call: "tool call",
  tool_result: "tool result",
  handoff: "handoff",
  stop: "stop",
  system: "system",
  thought: "thought",
};

const VERDICT_STYLES = {
  blocked: "bg-red-600 text-white",
  flagged: "bg-amber-400 text-amber-950",
  allowed: "bg-emerald-100 text-emerald-800",
} as const;

export type MessageMark = "origin" | "downstream" | "evidence" | null;

function MessageText({ message }: { message: ConversationMessage }) {
  const [expanded, setExpanded] = useState(false);
  const long = message.content.length > PREVIEW_CHARS;
  const shown = long && !expanded ? message.content.slice(0, PREVIEW_CHARS) : message.content;
  // Evidence cut by the preview is marked up to the cut.
  const findings = message.findings
    .filter((f) => f.span.start < shown.length)
    .map((f) => ({ ...f, span: { start: f.span.start, end: Math.min(f.span.end, shown.length) } }));
  return (
    <div>
      <HighlightedText text={shown} findings={findings} />
      {long ? (
        <button type="button" className="mt-1 text-xs font-medium text-brand-700 hover:underline" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
          {expanded ? "Show less" : `Show all ${message.content.length.toLocaleString("en-US")} characters`}
        </button>
      ) : null}
      {message.contentLength > message.content.length ? (
        <p className="mt-1 text-xs text-slate-500">
          Showing the first {message.content.length.toLocaleString("en-US")} of {message.contentLength.toLocaleString("en-US")} characters; the full text is in the export.
        </p>
      ) : null}
    </div>
  );
}

function Recipients({ message }: { message: ConversationMessage }) {
  if (message.recipients.length === 0) return <span className="text-slate-500">nobody</span>;
  return (
    <span title={message.recipientsExplicit ? "addressed explicitly" : "broadcast to every other participant"}>
      <span className="font-mono">{message.recipients.join(", ")}</span>
      {message.recipientsExplicit ? null : <span className="ml-1 text-xs text-slate-500">(broadcast)</span>}
    </span>
  );
}

export function TranscriptMessage({ message, mark }: { message: ConversationMessage; mark: MessageMark }) {
  const border =
    mark === "origin" ? "border-l-4 border-l-red-500" : mark === "downstream" ? "border-l-4 border-l-orange-400" : mark === "evidence" ? "border-l-4 border-l-brand-600 ring-2 ring-brand-100" : "";
  return (
    <li data-testid="transcript-message" data-seq={message.seq} data-mark={mark ?? undefined} className={`rounded-lg border border-slate-200 bg-white p-3 ${border}`}>
      <div className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className="font-mono text-xs text-slate-400">#{message.seq}</span>
        <span className="font-mono font-semibold" data-testid="message-sender">
          {message.sender}
        </span>
        <span aria-hidden className="text-slate-400">
          →
        </span>
        <Recipients message={message} />
        <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">
          {KIND_LABELS[message.kind]}
          {message.toolName ? `: ${message.toolName}` : ""}
        </span>
        {message.verdict ? (
          <span data-testid="verdict" className={`rounded-full px-2 text-xs font-semibold ${VERDICT_STYLES[message.verdict]}`}>
            {message.verdict}
          </span>
        ) : (
          <span className="text-xs text-slate-400">not scanned</span>
        )}
        {mark === "origin" ? <span className="rounded bg-red-100 px-1.5 text-xs text-red-800">blast radius: start</span> : null}
        {mark === "downstream" ? <span className="rounded bg-orange-100 px-1.5 text-xs text-orange-800">downstream</span> : null}
        <time className="ml-auto text-xs text-slate-500" dateTime={message.sentAt} title={message.sentAt}>
          {new Date(message.sentAt).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" })}
        </time>
      </div>
      <MessageText message={message} />
      {message.findings.length > 0 ? (
        <ul className="mt-2 space-y-1 text-xs" aria-label="Findings">
          {message.findings.map((f, i) => (
            <li key={i} data-testid="finding" className="flex flex-wrap gap-x-2">
              <span className="font-semibold text-slate-800">{f.category.replace(/_/g, " ")}</span>
              <span className="font-mono text-slate-500">{f.rule}</span>
              <span className="text-slate-600">
                {f.severity} · score {f.score.toFixed(2)}
              </span>
              <span className="text-slate-600">{f.explanation}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
