import { projectRoute } from "@/lib/auth/route";
import { ApiError } from "@/lib/http/errors";
import { getEvent } from "@/lib/ingest/read";

/** One event of the project with its text and findings; 404 for an id of any other project. */
export const GET = projectRoute({}, async ({ params, organizationId, project }) => {
  const eventId = params.eventId;
  if (typeof eventId !== "string" || eventId.length === 0 || eventId.length > 100) throw new ApiError("not_found", "No such event in this project.");
  return getEvent({ organizationId, projectId: project.id }, eventId);
});
