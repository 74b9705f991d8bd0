import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys of the project ${project.name}. A key's secret is shown once, when it is created; Warden stores only its hash.`}
      />
      <ApiKeysPanel orgId={access.organization.id} projectId={project.id} canManage={hasRole(access.role, "admin")} />
    </>
  );
}
