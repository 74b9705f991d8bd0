// Wall-clock arithmetic in an IANA time zone with nothing but Intl (date-fns is not a
// dependency). Charts bucket by the VIEWER's calendar, so "a day" must start at the viewer's
// local midnight and last 23 or 25 hours across DST changes; these helpers make that exact.
//
// A "wall-clock ms" value is the local date and time in the zone encoded as if it were UTC
// (Date.UTC(y, m, d, h, min, s)). It is only ever compared and fed to Date.UTC-style
// arithmetic; it is never shown or stored as an instant.
//
// Pure: no I/O; formatters are cached because constructing Intl.DateTimeFormat is the slow part.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    // hourCycle h23: some ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name Intl knows ("Europe/Berlin", "UTC"); false for typos and offsets like "+02:00". */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local date and time of `instant` (epoch ms) in the zone. */
export function wallClockOf(instant: number, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type in out) out[p.type as keyof WallClock] = Number(p.value);
  }
  return out;
}

/** Local wall clock of `instant`, encoded as UTC ms (milliseconds carried over from the instant). */
export function wallClockMs(instant: number, timeZone: string): number {
  const w = wallClockOf(instant, timeZone);
  const ms = ((instant % 1000) + 1000) % 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + ms;
}

/** UTC offset of the zone at `instant`, in ms (Berlin in summer: +7_200_000). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - instant;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the zone's wall clock reads `wall` (wall-clock ms).
 *  - Repeated wall times (fall back): the EARLIER instant, so a boundary is not skipped.
 *  - Skipped wall times (spring forward, or zones whose DST starts at midnight): the first
 *    instant after the gap, i.e. the first instant whose wall clock is at or past `wall`.
 *    A day whose midnight does not exist therefore starts when the clock jumps.
 * Assumes at most one offset change within a day of `wall`, true of every real zone.
 */
export function instantOfWallClock(wall: number, timeZone: string): number {
  const offsets = new Set([zoneOffsetMs(wall - DAY_MS, timeZone), zoneOffsetMs(wall, timeZone), zoneOffsetMs(wall + DAY_MS, timeZone)]);
  const candidates = [...offsets].map((o) => wall - o);
  const exact = candidates.filter((c) => wallClockMs(c, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the wall clock jumps over `wall` somewhere between the candidates.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Local midnight starting the day that contains `instant` (23 or 25 hours before the next one across DST). */
export function startOfZonedDay(instant: number, timeZone: string): number {
  const w = wallClockOf(instant, timeZone);
  return instantOfWallClock(Date.UTC(w.year, w.month - 1, w.day), timeZone);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatting in the zone, with cached formatters (labels are formatted per bucket). */
export function formatInZone(instant: number | Date, timeZone: string, options: Intl.DateTimeFormatOptions, locale = "en-GB"): string {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = displayFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    displayFormatters.set(key, f);
  }
  return f.format(instant);
}
