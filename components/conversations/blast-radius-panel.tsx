"use client";

// The blast radius of the conversation's first flagged message, in the viewer's zone: the
// one-line summary, the agents reached in order, and a switch that highlights them in the
// graph and the downstream messages in the transcript.
import { useState } from "react";
import type { BlastRadius } from "@/lib/dashboard/blast-radius";

export function BlastRadiusPanel({
  blast,
  highlighted,
  onHighlight,
}: {
  blast: BlastRadius | null;
  highlighted: boolean;
  onHighlight: (on: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="Blast radius" className="rounded-lg border border-slate-200 bg-white p-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="blast-radius-body"
        onClick={() => setOpen((v) => !v)}
        className="flex w-full items-center justify-between text-left text-sm font-semibold"
      >
        <span>Blast radius</span>
        <span className="text-xs font-normal text-slate-500">{open ? "hide" : "show"}</span>
      </button>
      {open ? (
        <div id="blast-radius-body" className="mt-2 space-y-2 text-sm">
          {blast ? (
            <>
              <p data-testid="blast-radius-summary" className="text-slate-800">
                {blast.text}
              </p>
              <p className="text-xs text-slate-500">
                From message #{blast.summary.startSeq} ({blast.summary.startVerdict ?? "not scanned"}
                {blast.summary.startCategories.length ? `: ${blast.summary.startCategories.join(", ").replace(/_/g, " ")}` : ""}); {blast.downstreamSeqs.length} message
                {blast.downstreamSeqs.length === 1 ? "" : "s"} sent afterwards by agents it reached.
              </p>
              {blast.reached.length > 0 ? (
                <ol className="space-y-0.5 text-xs" data-testid="blast-radius-reached">
                  {blast.reached.map((r) => (
                    <li key={r.agent}>
                      <span className="font-mono font-semibold">{r.agent}</span> via <span className="font-mono">{r.via}</span> at message #{r.atSeq}
                    </li>
                  ))}
                </ol>
              ) : null}
              <label className="flex items-center gap-2 text-xs text-slate-700">
                <input type="checkbox" checked={highlighted} onChange={(e) => onHighlight(e.target.checked)} />
                Highlight reached agents and downstream messages
              </label>
            </>
          ) : (
            <p className="text-slate-600">No message of this conversation was flagged or blocked, so nothing spread.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
