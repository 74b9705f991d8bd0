// The Agents page's flow graph over every message of a range: edge and node totals summed from
// MessageEdgeDay for whole UTC days, MessageEdgeHour for the whole hours around them, and
// Message (+ its ScanEvent's verdict) for the partial hours at the ends (rollup-plan.ts), so
// the graph counts what buildAgentFlowGraph counts over all the range's messages, at a cost
// that grows with the days and edges of the range rather than with its messages.
import "server-only";
import { db } from "@/lib/db/client";
import { flowGraphFromEdgeTotals, type FlowGraphTotals } from "./flow-graph";
import { parameters, within } from "./rollup-counts";
import { planDayRollupRead, type Interval } from "./rollup-plan";

interface Scope {
  organizationId: string;
  projectId: string;
}

const TOTALS = `sum("messages") AS messages, sum("broadcast") AS broadcast, sum("flagged") AS flagged, sum("blocked") AS blocked`;

export async function rangeFlowGraph(scope: Scope, range: Interval): Promise<FlowGraphTotals> {
  const plan = planDayRollupRead(range);
  const { values, add } = parameters(scope);
  const rows = await db().$queryRawUnsafe<{ sender: string; recipient: string; messages: bigint; broadcast: bigint; flagged: bigint; blocked: bigint }[]>(
    `SELECT "sender", "recipient", ${TOTALS}
     FROM (SELECT "sender", "recipient", ${TOTALS} FROM "MessageEdgeDay"
           WHERE "projectId" = $1 AND "organizationId" = $2 AND ${plan.days ? within([plan.days], add, `"day"`) : "false"}
           GROUP BY 1, 2
           UNION ALL
           SELECT "sender", "recipient", ${TOTALS} FROM "MessageEdgeHour"
           WHERE "projectId" = $1 AND "organizationId" = $2 AND ${within(plan.hours, add, `"hour"`)}
           GROUP BY 1, 2
           UNION ALL
           -- The same rows the writer adds: one per distinct recipient and one for the sender.
           SELECT m."sender", r."recipient", count(*) AS messages, count(*) FILTER (WHERE NOT m."recipientsExplicit") AS broadcast,
                  count(*) FILTER (WHERE e."verdict" = 'flagged') AS flagged, count(*) FILTER (WHERE e."verdict" = 'blocked') AS blocked
           FROM "Message" m
           LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
           CROSS JOIN LATERAL (SELECT '' AS "recipient" UNION SELECT unnest(m."recipients")) r
           WHERE m."projectId" = $1 AND m."organizationId" = $2 AND ${within(plan.detail, add, `m."sentAt"`)}
           GROUP BY 1, 2) parts
     GROUP BY 1, 2`,
    ...values,
  );
  return flowGraphFromEdgeTotals(
    rows.map((r) => ({ sender: r.sender, recipient: r.recipient, messages: Number(r.messages), broadcast: Number(r.broadcast), flagged: Number(r.flagged), blocked: Number(r.blocked) })),
  );
}
