import { hasRole } from "@/lib/auth/access";
import { projectRoute } from "@/lib/auth/route";
import { cancelExportJob, getExportJob } from "@/lib/export/jobs";
import { ApiError } from "@/lib/http/errors";

function exportId(params: Record<string, string | string[] | undefined>): string {
  const id = params.exportId;
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw new ApiError("not_found", "No such export in this project.");
  return id;
}

/** One export job's status and progress; 404 for another project's job. */
export const GET = projectRoute({}, async ({ params, organizationId, project }) =>
  getExportJob({ organizationId, projectId: project.id }, exportId(params)),
);

/** Cancels a queued or running job (its requester or an admin); a cancelled job never offers a file. */
export const DELETE = projectRoute({}, async ({ params, organizationId, project, access, actor, ip }) =>
  cancelExportJob(
    { scope: { organizationId, projectId: project.id }, actor, sourceIp: ip, isAdmin: hasRole(access.role, "admin") },
    exportId(params),
  ),
);
