-- CreateIndex
-- The conversations an agent took part in (its page): an agent in few or none of a range's
-- conversations no longer reads every one of them in order of last activity.
CREATE INDEX "Conversation_participants_idx" ON "Conversation" USING GIN ("participants");

-- CreateIndex
-- GET /api/v1/conversations lists by (createdAt, id) descending: without this index every page
-- sorted all of the project's conversations.
CREATE INDEX "Conversation_projectId_createdAt_id_idx" ON "Conversation"("projectId", "createdAt", "id");
