import { orgRoute } from "@/lib/auth/route";
import { retentionSettingSchema, updateRetentionDays } from "@/lib/retention/settings";

/** Sets an Enterprise organization's retention in days (null: the tier default). Owner only. */
export const PATCH = orgRoute({ role: "owner", body: retentionSettingSchema }, async ({ organizationId, actor, ip, body }) =>
  updateRetentionDays(organizationId, body.retention_days, actor, ip),
);
