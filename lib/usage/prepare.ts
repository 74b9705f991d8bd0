// Pure preparers for the Usage page: every day of the month (zeros included) and the
// projection to month end. Components only draw what these return.

export interface DayUsage {
  day: string; // YYYY-MM-DD (UTC)
  used: number;
  dropped: number;
}

function daysInMonth(month: string): number {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** One entry per day of the month `YYYY-MM`, in order, with zeros where nothing was counted. */
export function fillMonthDays(month: string, days: DayUsage[]): DayUsage[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  return Array.from({ length: daysInMonth(month) }, (_, i) => {
    const day = `${month}-${String(i + 1).padStart(2, "0")}`;
    const found = byDay.get(day);
    return { day, used: found?.used ?? 0, dropped: found?.dropped ?? 0 };
  });
}

/**
 * Linear projection of this month's usage to its last day, from the rate so far
 * (elapsed time counted in fractional days, so the first hours of a month do not explode).
 */
export function projectMonthEnd(month: string, used: number, now: Date): number {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const start = Date.UTC(year, m - 1, 1);
  const end = Date.UTC(year, m, 1);
  const elapsed = Math.min(Math.max(now.getTime() - start, 0), end - start);
  if (elapsed < 60 * 60 * 1000) return used; // under an hour: too little to project
  return Math.round((used * (end - start)) / elapsed);
}
