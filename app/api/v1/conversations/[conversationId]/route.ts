import { apiKeyRoute } from "@/lib/auth/route";
import { parseQuery } from "@/lib/http/query";
import { conversationMessagesQuerySchema, getConversation } from "@/lib/ingest/read";

/** One conversation with a page of its ordered messages (`after_seq`, `limit`), their findings and chain hashes. */
export const GET = apiKeyRoute({ scope: "read" }, async ({ principal, params, request }) =>
  getConversation(
    { organizationId: principal.organizationId, projectId: principal.projectId },
    params.conversationId ?? "",
    parseQuery(conversationMessagesQuerySchema, request.url),
  ),
);
