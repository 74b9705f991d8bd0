"use client";

// The one time-range picker of the dashboard: presets and a custom from/to typed in the
// viewer's time zone, validated before it is applied, and kept in the URL (?range= or
// ?from=&to= as UTC instants) so a view can be shared. Every page with a time range reads
// its selection with useTimeRange and renders <TimeRangePicker />.
import { CalendarRange } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import {
  customRangeFromInputs,
  describeSelection,
  presetSelection,
  readRangeSelection,
  selectionParams,
  toZonedInputValue,
  withRangeSelection,
  PRESET_MS,
  type RangePreset,
  type RangeSelection,
} from "@/lib/dashboard/time-range";
import { RangePresets } from "./range-presets";

// The server renders in UTC and the browser switches to the viewer's zone after hydration,
// so the two renders never disagree.
const noSubscription = () => () => undefined;
export function useViewerTimeZone(): string {
  return useSyncExternalStore(noSubscription, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => "UTC");
}

export interface TimeRangeState {
  selection: RangeSelection;
  /** `range=7d` or `from=…&to=…`, for the page's JSON route. */
  query: string;
  /** "last 7d" or both ends in the viewer's zone. */
  label: string;
  timeZone: string;
  /** Why the URL's range was ignored, if it was. */
  warning: string | null;
}

/** The page's time range as the URL says, falling back to `fallback` (a page's natural span). */
export function useTimeRange(fallback: RangePreset = "24h"): TimeRangeState {
  const params = useSearchParams();
  const timeZone = useViewerTimeZone();
  const key = params.toString();
  return useMemo(() => {
    const { selection, warning } = readRangeSelection(new URLSearchParams(key), fallback);
    return { selection, query: new URLSearchParams(selectionParams(selection)).toString(), label: describeSelection(selection, timeZone), timeZone, warning };
  }, [key, fallback, timeZone]);
}

const INPUT = "block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

function CustomRangeForm({ state, onApply, onCancel }: { state: TimeRangeState; onApply: (selection: RangeSelection) => void; onCancel: () => void }) {
  const id = useId();
  const [error, setError] = useState<{ field: "from" | "to"; message: string } | null>(null);
  // Start from what is shown: the custom range, or the preset's span ending now.
  const initial = useMemo(() => {
    const { selection, timeZone } = state;
    const to = selection.preset ? Date.now() : Date.parse(selection.to);
    const from = selection.preset ? to - PRESET_MS[selection.preset] : Date.parse(selection.from);
    return { from: toZonedInputValue(from, timeZone), to: toZonedInputValue(to, timeZone) };
  }, [state]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = customRangeFromInputs(String(form.get("from") ?? ""), String(form.get("to") ?? ""), state.timeZone, new Date());
    if (!result.ok) {
      setError({ field: result.field, message: result.message });
      return;
    }
    setError(null);
    onApply(result.selection);
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Custom time range"
      className="absolute left-0 top-full z-20 mt-2 w-80 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
    >
      <p className="text-xs text-slate-500">
        Times in your zone, <span className="font-medium">{state.timeZone}</span>. At most 93 days.
      </p>
      <div>
        <label htmlFor={`${id}-from`} className="mb-1 block text-xs font-medium text-slate-600">
          From
        </label>
        <input id={`${id}-from`} name="from" type="datetime-local" defaultValue={initial.from} aria-invalid={error?.field === "from"} className={`${INPUT} w-full`} />
      </div>
      <div>
        <label htmlFor={`${id}-to`} className="mb-1 block text-xs font-medium text-slate-600">
          To
        </label>
        <input id={`${id}-to`} name="to" type="datetime-local" defaultValue={initial.to} aria-invalid={error?.field === "to"} className={`${INPUT} w-full`} />
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" className="py-1.5" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="py-1.5">
          Apply
        </Button>
      </div>
    </form>
  );
}

/** Presets, a "Custom" button opening the from/to form, and what is selected in words. */
export function TimeRangePicker({ state }: { state: TimeRangeState }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [open, setOpen] = useState(false);
  const apply = (selection: RangeSelection) => {
    setOpen(false);
    router.replace(`${pathname}?${withRangeSelection(params.toString(), selection)}`, { scroll: false });
  };
  const custom = state.selection.preset === null;

  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="time-range-picker">
      <RangePresets value={state.selection.preset} onSelect={(preset) => apply(presetSelection(preset))} />
      <div className="relative">
        <Button variant="secondary" className={`py-1.5 ${custom ? "border-brand-600 text-brand-700" : ""}`} aria-expanded={open} aria-pressed={custom} onClick={() => setOpen((o) => !o)}>
          <CalendarRange size={14} aria-hidden /> Custom
        </Button>
        {open ? <CustomRangeForm state={state} onApply={apply} onCancel={() => setOpen(false)} /> : null}
      </div>
      {custom ? (
        <span className="text-xs text-slate-600" data-testid="custom-range">
          {state.label}
        </span>
      ) : null}
      {state.warning ? (
        <span role="status" className="text-xs text-amber-700">
          The link's time range was ignored ({state.warning}); showing the {state.label}.
        </span>
      ) : null}
    </div>
  );
}
