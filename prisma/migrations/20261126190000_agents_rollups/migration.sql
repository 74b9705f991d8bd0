-- CreateTable
CREATE TABLE "EventDay" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "agentId" TEXT NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EventDay_pkey" PRIMARY KEY ("projectId","day","agentId","verdict")
);

-- AddForeignKey
ALTER TABLE "EventDay" ADD CONSTRAINT "EventDay_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDay" ADD CONSTRAINT "EventDay_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDay" ADD CONSTRAINT "EventDay_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: a day's row is the sum of the agent's hourly rows of that UTC day (EventHour
-- already counts every stored event; lib/ingest/hourly-rollups.ts adds new ones to both).
INSERT INTO "EventDay" ("organizationId", "projectId", "day", "agentId", "verdict", "count")
SELECT "organizationId", "projectId", date_trunc('day', "hour"), "agentId", "verdict", sum("count")
FROM "EventHour"
GROUP BY 1, 2, 3, 4, 5;
