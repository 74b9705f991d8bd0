import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  const host = (await headers()).get("host") ?? "localhost:3000";
  return (
    <>
      <PageHeader title="Overview" description={`What the agents of ${project.name} sent and what Warden stopped.`} />
      <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-200" />}>
        <OverviewPanel
          orgId={access.organization.id}
          projectId={project.id}
          endpoint={`http://${host}`}
          agentsHref={projectPath(org, projectSlug, "agents")}
          alertsHref={projectPath(org, projectSlug, "alerts")}
        />
      </Suspense>
    </>
  );
}
