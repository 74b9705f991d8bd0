import { projectRoute } from "@/lib/auth/route";
import { listExportJobs, startExport } from "@/lib/export/jobs";
import { exportRequestSchema } from "@/lib/export/schema";

/** The project's recent export jobs, newest first, with their progress. */
export const GET = projectRoute({}, async ({ organizationId, project }) => ({
  jobs: await listExportJobs({ organizationId, projectId: project.id }),
}));

/**
 * Starts an export. Small ones answer `{ delivery: "stream", query }` (GET ./stream?query
 * downloads it); large ones, or `delivery: "job"`, queue a background job. Viewers may export.
 */
export const POST = projectRoute({ body: exportRequestSchema }, async ({ body, organizationId, project, actor, ip }) => {
  const { delivery, ...choices } = body;
  return startExport({ scope: { organizationId, projectId: project.id }, actor, sourceIp: ip }, choices, delivery);
});
