import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AgentDetailPanel } from "@/components/agents/agent-detail-panel";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { findProjectAgent } from "@/lib/dashboard/agent-detail";
import { ApiError } from "@/lib/http/errors";
import { pageSegment, projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ org: string; project: string; agent: string }> }) {
  const { org, project: projectSlug, agent: segment } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  const name = pageSegment(segment);
  if (name === null) notFound();
  const scope = { organizationId: access.organization.id, projectId: project.id };
  // An unknown name (or another project's agent) is a 404 page, not an empty one.
  const agent = await findProjectAgent(scope, name).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });
  const agentsHref = projectPath(org, projectSlug, "agents");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={agentsHref} className="text-brand-700 hover:underline">
          Agents
        </Link>
        <span className="text-slate-400"> / </span>
      </nav>
      {/* The name is the agent's own text: rendered as text, like every stored string. */}
      <PageHeader title={agent.name} description="This agent's scan verdicts over time, what was found in its messages, its conversations and who it talks to." />
      <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-200" />}>
        <AgentDetailPanel
          orgId={access.organization.id}
          projectId={project.id}
          agentName={agent.name}
          agentsHref={agentsHref}
          eventsHref={projectPath(org, projectSlug, "events")}
          conversationsHref={projectPath(org, projectSlug, "conversations")}
        />
      </Suspense>
    </>
  );
}
