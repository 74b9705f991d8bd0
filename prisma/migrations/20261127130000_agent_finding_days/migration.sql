-- CreateTable
CREATE TABLE "AgentFindingDay" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "category" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "findings" INTEGER NOT NULL DEFAULT 0,
    "events" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "severityRank" INTEGER,
    "maxScore" DOUBLE PRECISION,

    CONSTRAINT "AgentFindingDay_pkey" PRIMARY KEY ("projectId","agentId","day","category","rule")
);

-- AddForeignKey
ALTER TABLE "AgentFindingDay" ADD CONSTRAINT "AgentFindingDay_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentFindingDay" ADD CONSTRAINT "AgentFindingDay_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentFindingDay" ADD CONSTRAINT "AgentFindingDay_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the findings of every flagged or blocked event already stored, counted as the event
-- writer counts new ones (lib/ingest/hourly-rollups.ts) and as the agent page counted them:
-- findings with a category and a rule, per UTC day; an event counts once per rule.
INSERT INTO "AgentFindingDay" ("organizationId", "projectId", "agentId", "day", "category", "rule", "findings", "events", "blocked", "severityRank", "maxScore")
SELECT "organizationId", "projectId", "agentId", "day", "category", "rule", sum(n), count(*), count(*) FILTER (WHERE "verdict" = 'blocked'), max("severityRank"), max("maxScore")
FROM (
  SELECT e."organizationId", e."projectId", e."agentId", date_trunc('day', e."occurredAt") AS "day", e."id", e."verdict",
         f->>'category' AS "category", f->>'rule' AS "rule", count(*) AS n,
         max(CASE f->>'severity' WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'critical' THEN 3 END) AS "severityRank",
         max(CASE WHEN jsonb_typeof(f->'score') = 'number' THEN (f->>'score')::float8 END) AS "maxScore"
  FROM "ScanEvent" e
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e."findings") = 'array' THEN e."findings" ELSE '[]'::jsonb END) f
  WHERE e."verdict" IN ('flagged', 'blocked') AND f->>'category' IS NOT NULL AND f->>'rule' IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) per_event
GROUP BY 1, 2, 3, 4, 5, 6;
