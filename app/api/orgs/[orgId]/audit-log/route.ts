import { parseAuditQuery, listAuditEntries } from "@/lib/audit/read";
import { orgRoute } from "@/lib/auth/route";

/**
 * The organization's audit log, newest first: ?action= (exact, or a family ending in "."),
 * actor=, actor_type=, target_type=, from=, to=, cursor= (next_cursor of the previous page), limit=.
 * Owners and admins only: the log names members, keys and source addresses.
 */
export const GET = orgRoute({ role: "admin" }, async ({ request, organizationId }) => listAuditEntries(organizationId, parseAuditQuery(request.url)));
