import { projectRoute } from "@/lib/auth/route";
import { getProjectConversation } from "@/lib/dashboard/conversations";
import { ApiError } from "@/lib/http/errors";

export const GET = projectRoute({}, async ({ params, organizationId, project }) => {
  const conversationId = params.conversationId;
  if (typeof conversationId !== "string" || conversationId.length === 0 || conversationId.length > 100) {
    throw new ApiError("not_found", "No such conversation in this project.");
  }
  return getProjectConversation({ organizationId, projectId: project.id }, conversationId);
});
