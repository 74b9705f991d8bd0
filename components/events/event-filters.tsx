"use client";

import { Search, X } from "lucide-react";
import { useId, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TimeRangePicker, type TimeRangeState } from "@/components/ui/time-range-picker";
import { CATEGORIES, DIRECTIONS } from "@/lib/detection/types";
import { hasFilters, VERDICTS, type ExplorerView, type ViewChange } from "./explorer-params";

const SELECT = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";
const INPUT = `${SELECT} px-3`;

function Label({ htmlFor, children }: { htmlFor: string; children: string }) {
  return (
    <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
      {children}
    </label>
  );
}

/**
 * Selects apply at once; the free-text fields (agent, conversation, search) apply on Enter
 * or "Apply", so typing does not fire a query per keystroke. The form is keyed by the URL's
 * values, so a change from elsewhere (a click on a conversation id, "Clear") refills it.
 */
export function EventFilters({
  view,
  range,
  agents,
  onChange,
}: {
  view: ExplorerView;
  /** The page's time range; the picker writes it into the URL itself. */
  range: TimeRangeState;
  /** Agent names seen on the loaded pages, offered as suggestions. */
  agents: string[];
  onChange: (change: ViewChange) => void;
}) {
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" && v.trim() ? v.trim() : null;
    };
    onChange({ agent: value("agent"), conversation: value("conversation"), q: value("q") });
  };

  return (
    <section aria-label="Filters" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <TimeRangePicker state={range} />
        {hasFilters(view) ? (
          <Button
            variant="secondary"
            className="ml-auto py-1.5"
            onClick={() => onChange({ agent: null, verdict: null, direction: null, category: null, conversation: null, q: null })}
          >
            <X size={14} aria-hidden /> Clear filters
          </Button>
        ) : null}
      </div>

      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <Label htmlFor={`${id}-verdict`}>Verdict</Label>
          <select id={`${id}-verdict`} className={SELECT} value={view.verdict ?? ""} onChange={(e) => onChange({ verdict: (e.target.value || null) as ViewChange["verdict"] })}>
            <option value="">any verdict</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor={`${id}-direction`}>Direction</Label>
          <select id={`${id}-direction`} className={SELECT} value={view.direction ?? ""} onChange={(e) => onChange({ direction: (e.target.value || null) as ViewChange["direction"] })}>
            <option value="">any direction</option>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor={`${id}-category`}>Category</Label>
          <select id={`${id}-category`} className={SELECT} value={view.category ?? ""} onChange={(e) => onChange({ category: (e.target.value || null) as ViewChange["category"] })}>
            <option value="">any category</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </div>
      </div>

      <form key={`${view.agent}|${view.conversation}|${view.q}`} onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-end">
        <div>
          <Label htmlFor={`${id}-agent`}>Agent</Label>
          <input id={`${id}-agent`} name="agent" defaultValue={view.agent ?? ""} maxLength={200} list={`${id}-agents`} placeholder="e.g. web_surfer" className={INPUT} autoComplete="off" />
          <datalist id={`${id}-agents`}>
            {agents.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div>
          <Label htmlFor={`${id}-conversation`}>Conversation</Label>
          <input id={`${id}-conversation`} name="conversation" defaultValue={view.conversation ?? ""} maxLength={200} placeholder="conversation id" className={INPUT} autoComplete="off" />
        </div>
        <div>
          <Label htmlFor={`${id}-q`}>Text contains</Label>
          <input id={`${id}-q`} name="q" type="search" defaultValue={view.q ?? ""} maxLength={200} placeholder="words in the stored (masked) text" className={INPUT} autoComplete="off" />
        </div>
        <Button type="submit" variant="secondary" className="py-1.5">
          <Search size={14} aria-hidden /> Apply
        </Button>
      </form>
    </section>
  );
}
