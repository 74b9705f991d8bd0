-- CreateTable
CREATE TABLE "MessageEdgeHour" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "sender" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "broadcast" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MessageEdgeHour_pkey" PRIMARY KEY ("projectId","hour","sender","recipient")
);

-- CreateTable
CREATE TABLE "MessageEdgeDay" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "sender" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "broadcast" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MessageEdgeDay_pkey" PRIMARY KEY ("projectId","day","sender","recipient")
);

-- AddForeignKey
ALTER TABLE "MessageEdgeHour" ADD CONSTRAINT "MessageEdgeHour_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageEdgeHour" ADD CONSTRAINT "MessageEdgeHour_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageEdgeDay" ADD CONSTRAINT "MessageEdgeDay_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageEdgeDay" ADD CONSTRAINT "MessageEdgeDay_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: per message, one row per distinct recipient plus one row with recipient '' (the
-- sender's own totals: messages sent, of them flagged / blocked); the verdict is the one of the
-- message's ScanEvent when it was scanned (lib/ingest/hourly-rollups.ts adds new ones the same way).
INSERT INTO "MessageEdgeHour" ("organizationId", "projectId", "hour", "sender", "recipient", "messages", "broadcast", "flagged", "blocked")
SELECT m."organizationId", m."projectId", date_trunc('hour', m."sentAt"), m."sender", r."recipient", count(*),
       count(*) FILTER (WHERE NOT m."recipientsExplicit"), count(*) FILTER (WHERE e."verdict" = 'flagged'), count(*) FILTER (WHERE e."verdict" = 'blocked')
FROM "Message" m
LEFT JOIN "ScanEvent" e ON e."messageId" = m."id"
CROSS JOIN LATERAL (SELECT '' AS "recipient" UNION SELECT unnest(m."recipients")) r
GROUP BY 1, 2, 3, 4, 5;

-- And a day's row is the sum of the edge's hourly rows of that UTC day.
INSERT INTO "MessageEdgeDay" ("organizationId", "projectId", "day", "sender", "recipient", "messages", "broadcast", "flagged", "blocked")
SELECT "organizationId", "projectId", date_trunc('day', "hour"), "sender", "recipient", sum("messages"), sum("broadcast"), sum("flagged"), sum("blocked")
FROM "MessageEdgeHour"
GROUP BY 1, 2, 3, 4, 5;
