-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('inbound', 'outbound', 'internal');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('allowed', 'flagged', 'blocked');

-- CreateEnum
CREATE TYPE "ThreatCategory" AS ENUM ('prompt_injection', 'jailbreak', 'code_execution', 'data_exfiltration', 'secrets', 'pii');

-- CreateEnum
CREATE TYPE "TextStorage" AS ENUM ('masked', 'full', 'none');

-- CreateEnum
CREATE TYPE "EventSource" AS ENUM ('scan', 'ingest');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "detectionPolicy" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "textStorage" "TextStorage" NOT NULL DEFAULT 'masked';

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "source" "EventSource" NOT NULL,
    "clientEventId" TEXT,
    "direction" "Direction" NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "riskScore" DOUBLE PRECISION NOT NULL,
    "categories" "ThreatCategory"[],
    "findings" JSONB NOT NULL,
    "conversationRef" TEXT,
    "toAgent" TEXT,
    "metadata" JSONB,
    "textLength" INTEGER NOT NULL,
    "textSha256" TEXT NOT NULL,
    "textStorage" "TextStorage" NOT NULL,
    "text" TEXT,
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "engineVersion" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScanEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_projectId_name_key" ON "Agent"("projectId", "name");

-- CreateIndex
CREATE INDEX "ScanEvent_projectId_occurredAt_idx" ON "ScanEvent"("projectId", "occurredAt");

-- CreateIndex
CREATE INDEX "ScanEvent_projectId_agentId_occurredAt_idx" ON "ScanEvent"("projectId", "agentId", "occurredAt");

-- CreateIndex
CREATE INDEX "ScanEvent_projectId_verdict_occurredAt_idx" ON "ScanEvent"("projectId", "verdict", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScanEvent_projectId_clientEventId_key" ON "ScanEvent"("projectId", "clientEventId");

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanEvent" ADD CONSTRAINT "ScanEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanEvent" ADD CONSTRAINT "ScanEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanEvent" ADD CONSTRAINT "ScanEvent_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
