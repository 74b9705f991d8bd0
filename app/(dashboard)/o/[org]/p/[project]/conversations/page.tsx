import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { ConversationList } from "@/components/conversations/conversation-list";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Conversations" };

export default async function ConversationsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  const host = (await headers()).get("host") ?? "localhost:3000";
  return (
    <>
      <PageHeader title="Conversations" description={`Transcripts of ${project.name}'s agents, newest activity first.`} />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-slate-200" />}>
        <ConversationList
          orgId={access.organization.id}
          projectId={project.id}
          basePath={projectPath(org, projectSlug, "conversations")}
          endpoint={`http://${host}`}
        />
      </Suspense>
    </>
  );
}
