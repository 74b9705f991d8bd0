import type { Metadata } from "next";
import { RulesPanel } from "@/components/rules/rules-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader title="Rules" description={`When ${project.name} raises an alert: flooding, repetition, blocked spikes, round limits, message size, threats and quota.`} />
      <RulesPanel orgId={access.organization.id} projectId={project.id} canEdit={hasRole(access.role, "admin")} basePath={`/o/${org}/p/${projectSlug}`} />
    </>
  );
}
