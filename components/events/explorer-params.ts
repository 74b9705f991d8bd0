// The explorer's view lives in the URL so it can be shared: these pure functions read it
// (dropping values the API would refuse, so a mangled link still opens), turn it into the
// JSON route's query, and write a change back. Unit-tested beside this file.
import { CATEGORIES, DIRECTIONS } from "@/lib/detection/types";
import { readRangeSelection, type RangePreset } from "@/lib/dashboard/time-range";

export const VERDICTS = ["blocked", "flagged", "allowed"] as const;
export const PAGE_SIZE = 50;

export interface ExplorerView {
  agent: string | null;
  verdict: (typeof VERDICTS)[number] | null;
  direction: (typeof DIRECTIONS)[number] | null;
  category: (typeof CATEGORIES)[number] | null;
  conversation: string | null;
  q: string | null;
  /** A preset, or null when the link carries an explicit from/to. */
  range: RangePreset | null;
  from: string | null;
  to: string | null;
  /** The selected event, shown in the detail panel. */
  event: string | null;
}

export const FILTER_KEYS = ["agent", "verdict", "direction", "category", "conversation", "q"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

interface ParamsLike {
  get(name: string): string | null;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null, max: number): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}

export function readExplorerView(params: ParamsLike): ExplorerView {
  // The range follows the same rules as the time-range picker and the routes (one parser).
  const { selection } = readRangeSelection({ range: params.get("range") ?? undefined, from: params.get("from") ?? undefined, to: params.get("to") ?? undefined }, "24h");
  return {
    agent: text(params.get("agent"), 200),
    verdict: oneOf(VERDICTS, params.get("verdict")),
    direction: oneOf(DIRECTIONS, params.get("direction")),
    category: oneOf(CATEGORIES, params.get("category")),
    conversation: text(params.get("conversation"), 200),
    q: text(params.get("q"), 200),
    range: selection.preset,
    from: selection.from,
    to: selection.to,
    event: text(params.get("event"), 100),
  };
}

export function hasFilters(view: ExplorerView): boolean {
  return FILTER_KEYS.some((key) => view[key] !== null);
}

/** The query of the first page, for the dashboard's events route. */
export function eventsQuery(view: ExplorerView): URLSearchParams {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (view.agent) query.set("agent_id", view.agent);
  if (view.verdict) query.set("verdict", view.verdict);
  if (view.direction) query.set("direction", view.direction);
  if (view.category) query.set("category", view.category);
  if (view.conversation) query.set("conversation_id", view.conversation);
  if (view.q) query.set("q", view.q);
  if (view.from && view.to) {
    query.set("from", view.from);
    query.set("to", view.to);
  } else query.set("range", view.range ?? "24h");
  return query;
}

/** The next page: the same filters, the first page's resolved range (so it does not slide), the cursor. */
export function nextPageQuery(view: ExplorerView, range: { from: string; to: string }, cursor: string): URLSearchParams {
  const query = eventsQuery({ ...view, range: null, from: range.from, to: range.to });
  query.set("cursor", cursor);
  return query;
}

export type ViewChange = Partial<{ [K in keyof ExplorerView]: ExplorerView[K] }>;

/** The page's URL query after a change; keys not mentioned are kept, null removes one. */
export function withChange(current: URLSearchParams | string, change: ViewChange): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(change)) {
    if (value === null || value === undefined || value === "") next.delete(key);
    else next.set(key, value);
  }
  // A preset replaces an explicit range and the other way round.
  if (change.range) {
    next.delete("from");
    next.delete("to");
  }
  if (change.from && change.to) next.delete("range");
  return next.toString();
}
