// The dashboard's time-range choice, read from the URL so a view can be shared: either a
// preset (`range=1h|24h|7d|30d`, ending now) or an explicit `from`/`to` pair of ISO-8601
// instants. `tz` carries the viewer's IANA zone (used for bucketing and labels only: the
// range itself is a pair of instants and means the same thing in every zone).
//
// Pure: `now` is passed in so server components, routes and tests agree on one clock.
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { formatInZone, instantOfWallClock, isValidTimeZone, wallClockOf } from "./zoned-time";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_MS: Record<RangePreset, number> = {
  "1h": HOUR_MS,
  "24h": DAY_MS,
  "7d": 7 * DAY_MS,
  "30d": 30 * DAY_MS,
};

export const DEFAULT_PRESET: RangePreset = "24h";
export const DEFAULT_TIME_ZONE = "UTC";

/**
 * Longest explicit range: a quarter (92 days) plus a day of slack. Day buckets keep that under
 * MAX_BUCKETS, and it bounds the cost of one dashboard query; raise both together.
 */
export const MAX_RANGE_MS = 93 * DAY_MS;

/** Half-open interval [from, to). `preset` is null for an explicit from/to. */
export interface TimeRange {
  from: Date;
  to: Date;
  preset: RangePreset | null;
}

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

// Empty strings (`?from=`) mean "not given", as a cleared form field would send.
const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const paramsSchema = z
  .object({
    range: optionalParam(z.enum(RANGE_PRESETS, { error: `range must be one of ${RANGE_PRESETS.join(", ")}` })),
    from: optionalParam(isoInstant({ error: "from must be an ISO-8601 date-time, e.g. 2026-03-01T00:00:00Z" })),
    to: optionalParam(isoInstant({ error: "to must be an ISO-8601 date-time, e.g. 2026-03-02T00:00:00Z" })),
    tz: optionalParam(z.string().refine(isValidTimeZone, { error: "tz must be an IANA time zone, e.g. Europe/Berlin" })),
  })
  .superRefine((p, ctx) => {
    if ((p.from === undefined) !== (p.to === undefined)) {
      ctx.addIssue({ code: "custom", path: [p.from === undefined ? "from" : "to"], message: "from and to must be given together" });
      return;
    }
    if (p.from !== undefined && p.to !== undefined) {
      const length = Date.parse(p.to) - Date.parse(p.from);
      if (length <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
      else if (length > MAX_RANGE_MS) ctx.addIssue({ code: "custom", path: ["to"], message: `a range may span at most ${MAX_RANGE_MS / DAY_MS} days` });
    }
  });

function firstValue(params: SearchParamsInput, key: string): string | undefined {
  // A repeated parameter (?range=1h&range=7d) takes its first value, as URLSearchParams.get does.
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

export type ParseTimeRangeResult =
  | { ok: true; range: TimeRange; timeZone: string }
  | { ok: false; error: { message: string; field: string } };

/**
 * Read `range`, `from`, `to` and `tz` from URL params. An explicit from/to wins over `range`
 * (a zoomed view keeps the preset it came from in the URL). Nothing given: the last 24 hours.
 * For JSON routes, answer 400 with the error; pages should use `timeRangeOrDefault`.
 */
export function parseTimeRange(params: SearchParamsInput, now: Date, defaultTimeZone = DEFAULT_TIME_ZONE): ParseTimeRangeResult {
  const parsed = paramsSchema.safeParse({
    range: firstValue(params, "range"),
    from: firstValue(params, "from"),
    to: firstValue(params, "to"),
    tz: firstValue(params, "tz"),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { message: issue?.message ?? "invalid time range", field: String(issue?.path[0] ?? "range") } };
  }
  const p = parsed.data;
  const timeZone = p.tz ?? defaultTimeZone;
  if (p.from !== undefined && p.to !== undefined) {
    return { ok: true, range: { from: new Date(p.from), to: new Date(p.to), preset: null }, timeZone };
  }
  return { ok: true, range: presetRange(p.range ?? DEFAULT_PRESET, now), timeZone };
}

/**
 * For pages: a shared URL with a bad range should still render, so fall back to the default
 * range (keeping a valid `tz` if there is one) and return the reason to show as a notice.
 */
export function timeRangeOrDefault(
  params: SearchParamsInput,
  now: Date,
  defaultTimeZone = DEFAULT_TIME_ZONE,
): { range: TimeRange; timeZone: string; warning: string | null } {
  const r = parseTimeRange(params, now, defaultTimeZone);
  if (r.ok) return { range: r.range, timeZone: r.timeZone, warning: null };
  const tz = firstValue(params, "tz");
  const timeZone = tz !== undefined && isValidTimeZone(tz) ? tz : defaultTimeZone;
  return { range: presetRange(DEFAULT_PRESET, now), timeZone, warning: r.error.message };
}

/** The preset's interval ending at `now`. */
export function presetRange(preset: RangePreset, now: Date): TimeRange {
  return { from: new Date(now.getTime() - PRESET_MS[preset]), to: new Date(now.getTime()), preset };
}

export function rangeLengthMs(range: Pick<TimeRange, "from" | "to">): number {
  return range.to.getTime() - range.from.getTime();
}

/** The range of equal length just before this one, for "change against previous range" tiles. */
export function previousRange(range: TimeRange): TimeRange {
  const length = rangeLengthMs(range);
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()), preset: range.preset };
}

/** URL params that reproduce the range (for links and the range picker). */
export function timeRangeToParams(range: TimeRange, timeZone?: string): Record<string, string> {
  const out: Record<string, string> = range.preset ? { range: range.preset } : { from: range.from.toISOString(), to: range.to.toISOString() };
  if (timeZone !== undefined) out.tz = timeZone;
  return out;
}

// ---- bucket size ------------------------------------------------------------------------

/**
 * A bucket length. Minute buckets and 1-hour buckets are FIXED (every bucket lasts exactly
 * `ms`; a DST change shifts labels, not lengths, so a 1-hour chart never shows a doubled
 * hour). Longer hour steps and days are CALENDAR buckets, aligned to the viewer's wall clock
 * (00:00, 06:00, ... local; local midnight), so a DST day is one 23- or 25-hour bucket.
 */
export interface BucketSize {
  unit: "minute" | "hour" | "day";
  step: number;
  /** Nominal length; exact for fixed buckets. */
  ms: number;
}

export const BUCKET_SIZES = {
  "1m": { unit: "minute", step: 1, ms: MINUTE_MS },
  "5m": { unit: "minute", step: 5, ms: 5 * MINUTE_MS },
  "15m": { unit: "minute", step: 15, ms: 15 * MINUTE_MS },
  "1h": { unit: "hour", step: 1, ms: HOUR_MS },
  "6h": { unit: "hour", step: 6, ms: 6 * HOUR_MS },
  "1d": { unit: "day", step: 1, ms: DAY_MS },
} as const satisfies Record<string, BucketSize>;

/**
 * At most this many bars. About 100 still reads as a shape on a dashboard-width chart (a few
 * pixels per bar) while keeping the finest useful resolution. With the candidates below it
 * gives: 1h -> 1 min (60 bars), 24h -> 15 min (96), 7d -> 6 h (28, still shows the
 * day/night rhythm that 7 daily bars would hide), 30d -> 1 day (30 or 31).
 */
export const MAX_BUCKETS = 100;

const CANDIDATES: readonly BucketSize[] = [
  BUCKET_SIZES["1m"],
  BUCKET_SIZES["5m"],
  BUCKET_SIZES["15m"],
  BUCKET_SIZES["1h"],
  BUCKET_SIZES["6h"],
  BUCKET_SIZES["1d"],
];

/** The finest bucket that keeps the range within MAX_BUCKETS (days for anything longer). */
export function chooseBucketSize(range: Pick<TimeRange, "from" | "to">): BucketSize {
  const length = rangeLengthMs(range);
  for (const size of CANDIDATES) if (length / size.ms <= MAX_BUCKETS) return size;
  return BUCKET_SIZES["1d"];
}

/** Fixed buckets have one exact length; calendar buckets follow the local wall clock. */
export function isCalendarBucket(size: BucketSize): boolean {
  return size.unit === "day" || (size.unit === "hour" && size.step > 1);
}

// ---- the picker's selection (shared by every page with a time range) --------------------

/**
 * What the URL says the viewer chose, before it is resolved against a clock: a preset, or an
 * explicit pair of instants (ISO strings, as in the URL). Query keys and API calls use this,
 * so a preset view refreshes as time passes while a custom range stays put.
 */
export type RangeSelection = { preset: RangePreset; from: null; to: null } | { preset: null; from: string; to: string };

export function presetSelection(preset: RangePreset): RangeSelection {
  return { preset, from: null, to: null };
}

/**
 * The selection in the URL; a missing or invalid one falls back to the page's default preset
 * and says why (a mangled shared link still opens, and the page can show the reason). The
 * same rules as parseTimeRange, so the routes accept whatever this returns.
 */
export function readRangeSelection(params: SearchParamsInput, fallback: RangePreset = DEFAULT_PRESET): { selection: RangeSelection; warning: string | null } {
  const hasAny = ["range", "from", "to"].some((key) => (firstValue(params, key) ?? "") !== "");
  if (!hasAny) return { selection: presetSelection(fallback), warning: null };
  // The clock does not matter here: only whether the params are valid and which kind they are.
  const parsed = parseTimeRange(params, new Date(0));
  if (!parsed.ok) return { selection: presetSelection(fallback), warning: parsed.error.message };
  const { range } = parsed;
  return range.preset ? { selection: presetSelection(range.preset), warning: null } : { selection: { preset: null, from: range.from.toISOString(), to: range.to.toISOString() }, warning: null };
}

/** The query parameters of a selection, for the JSON routes. */
export function selectionParams(selection: RangeSelection): Record<string, string> {
  return selection.preset ? { range: selection.preset } : { from: selection.from, to: selection.to };
}

/**
 * A page URL's query with the selection written in and the other parameters kept: a preset
 * removes from/to and an explicit range removes the preset, so the URL never says two things.
 */
export function withRangeSelection(current: URLSearchParams | string, selection: RangeSelection): string {
  const next = new URLSearchParams(current);
  next.delete("range");
  next.delete("from");
  next.delete("to");
  for (const [key, value] of Object.entries(selectionParams(selection))) next.set(key, value);
  return next.toString();
}

// ---- custom from/to typed in the viewer's zone ------------------------------------------

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The value of an <input type="datetime-local"> showing `instant` on the zone's wall clock: "2026-03-29T14:05". */
export function toZonedInputValue(instant: Date | string | number, timeZone: string): string {
  const w = wallClockOf(new Date(instant).getTime(), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a datetime-local value means on the zone's wall clock; null when it is not a
 * real date. A time inside a spring-forward gap means the moment the clock jumps; a repeated
 * time in the autumn means its first occurrence (instantOfWallClock).
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
  const m = INPUT_PATTERN.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March: refuse it rather than silently move the date.
  if (new Date(wall).getUTCDate() !== day) return null;
  return new Date(instantOfWallClock(wall, timeZone));
}

export type CustomRangeResult = { ok: true; selection: RangeSelection } | { ok: false; field: "from" | "to"; message: string };

/**
 * Validate the picker's custom range as typed (datetime-local values in the viewer's zone):
 * both given and real dates, from before to, at most MAX_RANGE_MS, and not starting in the
 * future. The result is a selection of UTC instants, which is what goes into the URL.
 */
export function customRangeFromInputs(fromValue: string, toValue: string, timeZone: string, now: Date): CustomRangeResult {
  if (!fromValue.trim()) return { ok: false, field: "from", message: "Enter the start of the range." };
  if (!toValue.trim()) return { ok: false, field: "to", message: "Enter the end of the range." };
  const from = fromZonedInputValue(fromValue, timeZone);
  if (!from) return { ok: false, field: "from", message: "The start is not a valid date and time." };
  const to = fromZonedInputValue(toValue, timeZone);
  if (!to) return { ok: false, field: "to", message: "The end is not a valid date and time." };
  if (to.getTime() <= from.getTime()) return { ok: false, field: "to", message: "The end must be after the start." };
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) return { ok: false, field: "to", message: `A range may span at most ${MAX_RANGE_MS / DAY_MS} days.` };
  if (from.getTime() > now.getTime()) return { ok: false, field: "from", message: "The start is in the future: nothing can have happened yet." };
  return { ok: true, selection: { preset: null, from: from.toISOString(), to: to.toISOString() } };
}

/** How the picker and headings name a selection: "last 24h", or both ends in the viewer's zone. */
export function describeSelection(selection: RangeSelection, timeZone: string, locale = "en-GB"): string {
  if (selection.preset) return `last ${selection.preset}`;
  const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const from = formatInZone(new Date(selection.from), timeZone, options, locale);
  const to = formatInZone(new Date(selection.to), timeZone, { ...options, timeZoneName: "short" }, locale);
  return `${from} – ${to}`;
}
