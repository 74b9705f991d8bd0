import type { Metadata } from "next";
import { AuditLogPanel } from "@/components/audit-log/audit-log-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Audit log" };

export default async function SettingsAuditLogPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project } = await params;
  const { access } = await projectPageContext(org, project);
  const description = `Every change to ${access.organization.name}: API keys, members and roles, detection policy, alert rules, acknowledgements, exports and retention purges. Each entry is hash-chained to the one before it, so a deleted or edited entry shows.`;
  return (
    <>
      <PageHeader title="Audit log" description={description} />
      {hasRole(access.role, "admin") ? (
        <AuditLogPanel orgId={access.organization.id} canSetRetention={access.role === "owner"} />
      ) : (
        // The API answers viewers 403 too: the log names members, keys and source addresses.
        <p data-testid="audit-log-forbidden" className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          The audit log is visible to the organization's owners and admins. Ask one of them for access, or for an exported audit bundle.
        </p>
      )}
    </>
  );
}
