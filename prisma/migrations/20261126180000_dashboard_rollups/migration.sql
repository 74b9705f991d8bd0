-- CreateTable
CREATE TABLE "EventHour" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "agentId" TEXT NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EventHour_pkey" PRIMARY KEY ("projectId","hour","agentId","verdict","category")
);

-- CreateTable
CREATE TABLE "ProjectEventHour" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProjectEventHour_pkey" PRIMARY KEY ("projectId","hour","verdict","category")
);

-- CreateTable
CREATE TABLE "MessageHour" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "sender" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MessageHour_pkey" PRIMARY KEY ("projectId","hour","sender")
);

-- CreateIndex
CREATE INDEX "EventHour_projectId_agentId_hour_idx" ON "EventHour"("projectId", "agentId", "hour");

-- CreateIndex
CREATE INDEX "EventHour_projectId_verdict_hour_idx" ON "EventHour"("projectId", "verdict", "hour");

-- CreateIndex
CREATE INDEX "MessageHour_projectId_sender_hour_idx" ON "MessageHour"("projectId", "sender", "hour");

-- AddForeignKey
ALTER TABLE "EventHour" ADD CONSTRAINT "EventHour_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventHour" ADD CONSTRAINT "EventHour_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventHour" ADD CONSTRAINT "EventHour_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectEventHour" ADD CONSTRAINT "ProjectEventHour_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectEventHour" ADD CONSTRAINT "ProjectEventHour_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageHour" ADD CONSTRAINT "MessageHour_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageHour" ADD CONSTRAINT "MessageHour_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the rollups count every row already stored, exactly as the writers count new ones
-- (lib/ingest/hourly-rollups.ts): blocked events by their first category, others without one.
INSERT INTO "EventHour" ("organizationId", "projectId", "hour", "agentId", "verdict", "category", "count")
SELECT "organizationId", "projectId", date_trunc('hour', "occurredAt"), "agentId", "verdict",
       CASE WHEN "verdict" = 'blocked' THEN coalesce("categories"[1]::text, '') ELSE '' END, count(*)
FROM "ScanEvent"
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "ProjectEventHour" ("organizationId", "projectId", "hour", "verdict", "category", "count")
SELECT "organizationId", "projectId", "hour", "verdict", "category", sum("count")
FROM "EventHour"
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "MessageHour" ("organizationId", "projectId", "hour", "sender", "count")
SELECT "organizationId", "projectId", date_trunc('hour', "sentAt"), "sender", count(*)
FROM "Message"
GROUP BY 1, 2, 3, 4;
