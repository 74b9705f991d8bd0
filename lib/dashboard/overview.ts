// The Overview page's data for one project and time range: tiles against the
// previous range, the blocked-event timeline bucketed in SQL on the same edges the
// chart uses, top agents by blocked events, and the month's quota. Event counts come from
// the hourly rollup plus the range's partial edge hours (rollup-counts.ts).
import "server-only";
import { countUnresolvedAlerts } from "@/lib/alerts/alerts";
import { usageSummary } from "@/lib/usage/read";
import { agentEventCounts } from "./rollup-counts";
import { buildTiles, type TileCounts } from "./tiles";
import { eventTimeline } from "./timeline-query";
import { previousRange, type TimeRange } from "./time-range";

/** Agents listed under "top agents by blocked events". */
const TOP_AGENTS = 8;

interface Scope {
  organizationId: string;
  projectId: string;
}

/** Tile counts of a range and its agents ranked for "top agents", from one per-agent count. */
async function rangeCounts(scope: Scope, range: { from: Date; to: Date }) {
  const [agents, openAlerts] = await Promise.all([agentEventCounts(scope, range, "topAgents"), countUnresolvedAlerts(scope, range)]);
  const active = agents.filter((a) => a.events > 0);
  const tiles: TileCounts = {
    events: active.reduce((sum, a) => sum + a.events, 0),
    blocked: active.reduce((sum, a) => sum + a.blocked, 0),
    activeAgents: active.length,
    openAlerts,
  };
  return { tiles, agents: active };
}

export async function overviewData(scope: Scope, range: TimeRange, timeZone: string) {
  const [current, previous, timeline, usage] = await Promise.all([
    rangeCounts(scope, range),
    rangeCounts(scope, previousRange(range)),
    eventTimeline(scope, range, timeZone),
    usageSummary(scope.organizationId),
  ]);
  const topAgents = current.agents.filter((a) => a.blocked + a.flagged > 0).slice(0, TOP_AGENTS);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
    timeZone,
    tiles: buildTiles(current.tiles, previous.tiles),
    timeline,
    topAgents: topAgents.map((a) => ({ name: a.name, blocked: a.blocked, flagged: a.flagged, total: a.events })),
    quota: { used: usage.used, quota: usage.quota, month: usage.month, tier: usage.tier },
  };
}

export type OverviewData = Awaited<ReturnType<typeof overviewData>>;
