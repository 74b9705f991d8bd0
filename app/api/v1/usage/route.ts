import { apiKeyRoute } from "@/lib/auth/route";
import { usageSummary } from "@/lib/usage/read";

export const GET = apiKeyRoute({ scope: "read" }, async ({ principal }) => usageSummary(principal.organizationId));
