// What the audit log page shows above the table: is the chain intact, which filter values exist,
// and how long event detail is kept.
import "server-only";
import { retentionSummary } from "@/lib/retention/settings";
import { auditFilterOptions, verifyOrganizationAuditChain } from "./read";

export async function auditLogSummary(organizationId: string) {
  const chain = await verifyOrganizationAuditChain(organizationId);
  const [filters, retention] = await Promise.all([auditFilterOptions(organizationId), retentionSummary(organizationId)]);
  return { chain, filters, retention };
}
