import { auditLogSummary } from "@/lib/audit/summary";
import { orgRoute } from "@/lib/auth/route";

/** The chain check, the filter choices and the retention in force, for the audit log page's header. */
export const GET = orgRoute({ role: "admin" }, async ({ organizationId }) => auditLogSummary(organizationId));
