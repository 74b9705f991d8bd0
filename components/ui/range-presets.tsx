"use client";

import { RANGE_PRESETS, type RangePreset } from "@/lib/dashboard/time-range";

/** The preset buttons of the time-range picker; `value` null when a custom range is shown. */
export function RangePresets({ value, onSelect }: { value: RangePreset | null; onSelect: (preset: RangePreset) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          aria-pressed={preset === value}
          onClick={() => onSelect(preset)}
          className={`px-3 py-1.5 ${preset === value ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}
        >
          last {preset}
        </button>
      ))}
    </div>
  );
}
