-- CreateTable
CREATE TABLE "ProjectEventQuarter" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "quarter" TIMESTAMP(3) NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProjectEventQuarter_pkey" PRIMARY KEY ("projectId","quarter","verdict","category")
);

-- AddForeignKey
ALTER TABLE "ProjectEventQuarter" ADD CONSTRAINT "ProjectEventQuarter_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectEventQuarter" ADD CONSTRAINT "ProjectEventQuarter_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every scan event already stored, counted as the writers count new ones
-- (lib/ingest/hourly-rollups.ts): by 15-minute UTC slot, verdict, and for blocked events their
-- first category. Scan events a retention purge removed before this migration are not counted
-- (ProjectEventHour still has them); 15-minute bars over such a range were read from ScanEvent
-- until now and showed them as none already.
INSERT INTO "ProjectEventQuarter" ("organizationId", "projectId", "quarter", "verdict", "category", "count")
SELECT "organizationId", "projectId", date_bin('15 minutes', "occurredAt", TIMESTAMP '2000-01-01'), "verdict",
       CASE WHEN "verdict" = 'blocked' THEN coalesce("categories"[1]::text, '') ELSE '' END, count(*)
FROM "ScanEvent"
GROUP BY 1, 2, 3, 4, 5;
