-- CreateIndex
CREATE INDEX "ScanEvent_projectId_agentId_verdict_occurredAt_idx" ON "ScanEvent"("projectId", "agentId", "verdict", "occurredAt");

-- CreateIndex
CREATE INDEX "Message_recipients_idx" ON "Message" USING GIN ("recipients");
