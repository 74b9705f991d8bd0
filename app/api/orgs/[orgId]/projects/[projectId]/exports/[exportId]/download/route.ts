import { projectRoute } from "@/lib/auth/route";
import { openExportDownload } from "@/lib/export/jobs";
import { ApiError } from "@/lib/http/errors";

/** The finished export's file; 404 while it runs, after cancellation or failure, and once expired. */
export const GET = projectRoute({}, async ({ params, organizationId, project, actor, ip }) => {
  const id = params.exportId;
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw new ApiError("not_found", "No such export in this project.");
  return openExportDownload({ scope: { organizationId, projectId: project.id }, actor, sourceIp: ip }, id);
});
