import { apiKeyRoute } from "@/lib/auth/route";
import { getConversation } from "@/lib/ingest/read";

/** One conversation with its ordered messages, their findings and chain hashes. */
export const GET = apiKeyRoute({ scope: "read" }, async ({ principal, params }) =>
  getConversation({ organizationId: principal.organizationId, projectId: principal.projectId }, params.conversationId ?? ""),
);
