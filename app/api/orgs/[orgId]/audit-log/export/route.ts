import { auditExportResponse, parseAuditExportQuery } from "@/lib/audit/export";
import { orgRoute } from "@/lib/auth/route";

/** ?format=bundle (the whole chain, for `npm run verify`) | jsonl | csv (with the list's filters; bom=1). */
export const GET = orgRoute({ role: "admin" }, async ({ request, access, actor, ip }) =>
  auditExportResponse({ organization: access.organization, exporter: actor, sourceIp: ip, query: parseAuditExportQuery(request.url) }),
);
