import type { Metadata } from "next";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Where the alerts of ${project.name} are sent: each delivery is a signed JSON POST, retried for 24 hours. Webhooks for a single rule are listed here too and are managed on the rule's page.`}
      />
      <WebhooksPanel orgId={access.organization.id} projectId={project.id} canManage={hasRole(access.role, "admin")} />
    </>
  );
}
