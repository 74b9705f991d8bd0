import { apiKeyRoute } from "@/lib/auth/route";
import { ingestConversation } from "@/lib/ingest/conversations";
import { conversationQuerySchema, listConversations } from "@/lib/ingest/read";
import { parseQuery } from "@/lib/http/query";
import { conversationInputSchema, MAX_INGEST_BODY_BYTES } from "@/lib/ingest/schemas";

/** Appends the new messages of a transcript (any supported format) to the conversation. */
export const POST = apiKeyRoute(
  { scope: "ingest", body: conversationInputSchema, bodyLimitBytes: MAX_INGEST_BODY_BYTES },
  async ({ principal, body }) =>
    ingestConversation({ organizationId: principal.organizationId, projectId: principal.projectId }, body, {
      quotaPolicy: principal.quotaPolicy,
      alertRules: principal.alertRules,
      detection: principal.projectSettings,
    }),
);

export const GET = apiKeyRoute({ scope: "read" }, async ({ principal, request }) =>
  listConversations({ organizationId: principal.organizationId, projectId: principal.projectId }, parseQuery(conversationQuerySchema, request.url)),
);
