// The overview's count tiles, each with its change against the previous range of equal length
// (see previousRange). Pure: the route counts, this decides what the change means, including
// the cases a naive (a - b) / b gets wrong: nothing before, nothing now, no events at all.

export interface TileCounts {
  /** Scan events in the range. */
  events: number;
  /** Of those, blocked. */
  blocked: number;
  /**
   * Open alerts. The caller decides the meaning (e.g. raised in the range and still open);
   * null when there is nothing comparable (the previous range of a "currently open" count).
   */
  openAlerts: number | null;
  /** Distinct agents with at least one event in the range. */
  activeAgents: number;
}

export type TileKey = "events" | "blocked" | "blockRate" | "openAlerts" | "activeAgents";

export interface Change {
  /** value - previous: a count for counts, percentage POINTS for the block rate. */
  delta: number;
  /**
   * Relative change in percent, rounded to one decimal. null when it is undefined: the previous
   * value was 0 and this one is not (show "new" rather than "+∞%"). 0 when both are 0.
   */
  percent: number | null;
  trend: "up" | "down" | "flat";
}

export interface Tile {
  key: TileKey;
  label: string;
  /** null: no value (block rate of a range without events, or an unknown count). */
  value: number | null;
  previous: number | null;
  /** null when either side is null. */
  change: Change | null;
  /** So the UI can colour a rise red: more blocked events, a higher block rate, more open alerts. */
  higherIsWorse: boolean;
  unit: "count" | "percent";
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Change from `previous` to `value`, safe for zeros. */
export function computeChange(value: number, previous: number): Change {
  const delta = value - previous;
  const trend = delta > 0 ? "up" : delta < 0 ? "down" : "flat";
  if (previous === 0) return { delta, percent: value === 0 ? 0 : null, trend };
  return { delta, percent: round1((delta / Math.abs(previous)) * 100), trend };
}

/** Blocked / events as a percentage (one decimal); null without events (0 of 0 is not "0% blocked"). */
export function blockRate(counts: Pick<TileCounts, "events" | "blocked">): number | null {
  return counts.events > 0 ? round1((counts.blocked / counts.events) * 100) : null;
}

function tile(key: TileKey, label: string, value: number | null, previous: number | null, higherIsWorse: boolean, unit: Tile["unit"]): Tile {
  const change = value === null || previous === null ? null : computeChange(value, previous);
  // The rate's delta is in points; round it like the rate so 12.3 - 10.1 is 2.2, not 2.2000000000000006.
  if (change && unit === "percent") change.delta = round1(change.delta);
  return { key, label, value, previous, change, higherIsWorse, unit };
}

/** The five overview tiles, in display order. */
export function buildTiles(current: TileCounts, previous: TileCounts): Tile[] {
  return [
    tile("events", "Events", current.events, previous.events, false, "count"),
    tile("blocked", "Blocked", current.blocked, previous.blocked, true, "count"),
    tile("blockRate", "Block rate", blockRate(current), blockRate(previous), true, "percent"),
    tile("openAlerts", "Open alerts", current.openAlerts, previous.openAlerts, true, "count"),
    tile("activeAgents", "Active agents", current.activeAgents, previous.activeAgents, false, "count"),
  ];
}

/**
 * The change as a short caption: "+12 (+25%)", "−3 (−50%)", "+5 (new)", "no change";
 * for the block rate "+2.5 pts". Empty when there is nothing to compare.
 */
export function formatChange(t: Pick<Tile, "change" | "unit">): string {
  const c = t.change;
  if (!c) return "";
  if (c.trend === "flat") return "no change";
  const sign = (x: number) => (x > 0 ? "+" : "\u2212");
  const abs = (x: number) => Math.abs(x).toLocaleString("en-US", { maximumFractionDigits: 1 });
  if (t.unit === "percent") return `${sign(c.delta)}${abs(c.delta)} pts`;
  const pct = c.percent === null ? "new" : `${sign(c.delta)}${abs(c.percent)}%`;
  return `${sign(c.delta)}${abs(c.delta)} (${pct})`;
}
