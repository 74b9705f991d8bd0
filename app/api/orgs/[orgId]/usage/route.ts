import { orgRoute } from "@/lib/auth/route";
import { usageSummary } from "@/lib/usage/read";

export const GET = orgRoute({}, async ({ organizationId }) => usageSummary(organizationId));
