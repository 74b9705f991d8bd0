import type { Metadata } from "next";
import { Suspense } from "react";
import { AgentsPanel } from "@/components/agents/agents-panel";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader title="Agents" description="Each agent's messages and scan verdicts, and how messages flow between agents across conversations." />
      <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-200" />}>
        <AgentsPanel orgId={access.organization.id} projectId={project.id} eventsHref={projectPath(org, projectSlug, "events")} agentsHref={projectPath(org, projectSlug, "agents")} />
      </Suspense>
    </>
  );
}
