import { projectRoute } from "@/lib/auth/route";
import { listProjectConversations, parseConversationListQuery } from "@/lib/dashboard/conversations";

/** ?risk=any|risky|blocked&q=<part of the conversation id>&cursor=&limit= */
export const GET = projectRoute({}, async ({ request, organizationId, project }) =>
  listProjectConversations({ organizationId, projectId: project.id }, parseConversationListQuery(request.url)),
);
