import type { Metadata } from "next";
import { ProjectsPanel } from "@/components/settings/projects-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project } = await params;
  const { access } = await projectPageContext(org, project);
  return (
    <>
      <PageHeader title="Projects" description="Each project has its own API keys, agents, conversations, events and rules." />
      <ProjectsPanel orgId={access.organization.id} orgSlug={access.organization.slug} canManage={hasRole(access.role, "admin")} />
    </>
  );
}
