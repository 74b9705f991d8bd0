import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { EventsExplorer } from "@/components/events/events-explorer";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  const host = (await headers()).get("host") ?? "localhost:3000";
  return (
    <>
      <PageHeader title="Events" description={`Every message of ${project.name} that Warden scanned, with its verdict and findings.`} />
      <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-200" />}>
        <EventsExplorer orgId={access.organization.id} projectId={project.id} endpoint={`http://${host}`} />
      </Suspense>
    </>
  );
}
