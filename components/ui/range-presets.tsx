"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

export const RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export type RangePresetChoice = (typeof RANGE_PRESETS)[number];

/** The time range of a page, kept in the URL (`?range=`) so a view can be shared. */
export function useRangePreset(fallback: RangePresetChoice = "24h"): RangePresetChoice {
  const value = useSearchParams().get("range") ?? "";
  return (RANGE_PRESETS as readonly string[]).includes(value) ? (value as RangePresetChoice) : fallback;
}

export function RangePresets({ value }: { value: RangePresetChoice }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          aria-pressed={preset === value}
          onClick={() => {
            const next = new URLSearchParams(params.toString());
            next.set("range", preset);
            router.replace(`${pathname}?${next.toString()}`);
          }}
          className={`px-3 py-1.5 ${preset === value ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}
        >
          last {preset}
        </button>
      ))}
    </div>
  );
}
