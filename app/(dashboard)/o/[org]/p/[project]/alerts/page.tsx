import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertFeed } from "@/components/alerts/alert-feed";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader title="Alerts" description={`What the rules of ${project.name} caught: flooding, repetition, blocked spikes, threats and quota.`} />
      <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-200" />}>
        <AlertFeed
          orgId={access.organization.id}
          projectId={project.id}
          basePath={projectPath(org, projectSlug, "alerts")}
          rulesPath={projectPath(org, projectSlug, "rules")}
        />
      </Suspense>
    </>
  );
}
