// Attacker-controlled text, rendered strictly as text: React escapes it, nothing is
// parsed as HTML or markdown, invisible characters are shown, findings are marked.
import { Fragment } from "react";
import { highlightSegments, revealInvisible, type SpanLike } from "@/lib/scan/highlight";

const TONE: Record<string, string> = {
  prompt_injection: "bg-red-200/80",
  jailbreak: "bg-orange-200/80",
  code_execution: "bg-rose-300/70",
  data_exfiltration: "bg-purple-200/80",
  secrets: "bg-amber-200/80",
  pii: "bg-sky-200/80",
};

function Visible({ text }: { text: string }) {
  return (
    <>
      {revealInvisible(text).map((part, i) =>
        part.invisible ? (
          <span key={i} className="mx-px rounded bg-slate-700 px-1 font-mono text-[10px] text-white" title="invisible character">
            {part.text}
          </span>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

export function HighlightedText({ text, findings }: { text: string; findings: readonly SpanLike[] }) {
  return (
    <pre data-testid="highlighted-text" className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-3 font-mono text-sm leading-relaxed">
      {highlightSegments(text, findings).map((segment) =>
        segment.findings.length === 0 ? (
          <Visible key={segment.start} text={segment.text} />
        ) : (
          <mark
            key={segment.start}
            data-testid="evidence"
            data-rules={segment.findings.map((f) => f.rule).join(" ")}
            title={segment.findings.map((f) => f.rule).join(", ")}
            className={`rounded-sm px-0.5 text-slate-900 ${TONE[segment.findings[0]!.category] ?? "bg-yellow-200"}`}
          >
            <Visible text={segment.text} />
          </mark>
        ),
      )}
    </pre>
  );
}
