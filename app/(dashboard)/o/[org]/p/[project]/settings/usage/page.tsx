import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { UsagePanel } from "@/components/usage/usage-panel";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project } = await params;
  const { access } = await projectPageContext(org, project);
  return (
    <>
      <PageHeader
        title="Usage"
        description={`Events and messages stored this month by every project of ${access.organization.name}, against the tier quota.`}
      />
      <UsagePanel orgId={access.organization.id} />
    </>
  );
}
