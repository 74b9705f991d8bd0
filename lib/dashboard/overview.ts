// The Overview page's data for one project and time range: tiles against the
// previous range, the blocked-event timeline bucketed in SQL on the same edges the
// chart uses, top agents by blocked events, and the month's quota. Event counts come from
// the hourly rollup plus the range's partial edge hours (rollup-counts.ts).
import "server-only";
import { countUnresolvedAlerts, recentUnresolvedAlerts } from "@/lib/alerts/alerts";
import { usageSummary } from "@/lib/usage/read";
import { eventTotals, topAgentsByRisk } from "./rollup-counts";
import { buildTiles, type TileCounts } from "./tiles";
import { eventTimeline } from "./timeline-query";
import { previousRange, type TimeRange } from "./time-range";

/** Agents listed under "top agents by blocked events". */
const TOP_AGENTS = 8;
/** Alerts listed under "recent alerts". */
const RECENT_ALERTS = 5;

interface Scope {
  organizationId: string;
  projectId: string;
}

async function tileCounts(scope: Scope, range: { from: Date; to: Date }): Promise<TileCounts> {
  const [totals, openAlerts] = await Promise.all([eventTotals(scope, range), countUnresolvedAlerts(scope, range)]);
  return { ...totals, openAlerts };
}

export async function overviewData(scope: Scope, range: TimeRange, timeZone: string) {
  const [current, previous, timeline, topAgents, usage, alerts] = await Promise.all([
    tileCounts(scope, range),
    tileCounts(scope, previousRange(range)),
    eventTimeline(scope, range, timeZone),
    topAgentsByRisk(scope, range, TOP_AGENTS),
    usageSummary(scope.organizationId),
    recentUnresolvedAlerts(scope, range, RECENT_ALERTS),
  ]);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
    timeZone,
    tiles: buildTiles(current, previous),
    timeline,
    topAgents,
    quota: { used: usage.used, quota: usage.quota, month: usage.month, tier: usage.tier },
    recentAlerts: alerts.map((a) => ({ ...a, lastSeenAt: a.lastSeenAt.toISOString() })),
  };
}

export type OverviewData = Awaited<ReturnType<typeof overviewData>>;
