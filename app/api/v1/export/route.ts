import { apiKeyRoute } from "@/lib/auth/route";
import { exportChoicesSchema } from "@/lib/export/schema";
import { exportResponse } from "@/lib/export/stream";
import { parseQuery } from "@/lib/http/query";
import { clientIp } from "@/lib/http/client-ip";

/**
 * Streams an export of the key's project: `kind=conversations|events`, `format=jsonl|csv|bundle`,
 * `from`, `to`, `agent`, `verdict`, `category`, `conversation`, `bom` (the export page's choices).
 * Needs a `read` key; recorded in the audit log under the key's name.
 */
export const GET = apiKeyRoute({ scope: "read" }, async ({ request, principal, actor }) =>
  exportResponse(
    {
      scope: { organizationId: principal.organizationId, projectId: principal.projectId },
      project: principal.project,
      organizationName: principal.organization.name,
      choices: parseQuery(exportChoicesSchema, request.url),
      exporter: actor,
      exportedAt: new Date(),
    },
    clientIp(request),
  ),
);
