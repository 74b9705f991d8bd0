import { projectRoute } from "@/lib/auth/route";
import { exportChoicesSchema } from "@/lib/export/schema";
import { exportResponse } from "@/lib/export/stream";
import { parseQuery } from "@/lib/http/query";

/** Streams an export (the choices in the query string) as a download; audit-logged before it starts. */
export const GET = projectRoute({}, async ({ request, organizationId, access, project, actor, ip }) =>
  exportResponse(
    {
      scope: { organizationId, projectId: project.id },
      project: { id: project.id, slug: project.slug, name: project.name },
      organizationName: access.organization.name,
      choices: parseQuery(exportChoicesSchema, request.url),
      exporter: actor,
      exportedAt: new Date(),
    },
    ip,
  ),
);
