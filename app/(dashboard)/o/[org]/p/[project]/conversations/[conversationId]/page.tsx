import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationView } from "@/components/conversations/conversation-view";
import { projectPageContext } from "@/lib/auth/page-context";
import { pageSegment, projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; project: string; conversationId: string }>;
  searchParams: Promise<{ highlight?: string | string[] }>;
}) {
  const { org, project: projectSlug, conversationId: segment } = await params;
  const conversationId = pageSegment(segment);
  if (conversationId === null) notFound();
  // ?highlight=12,13,14: the message positions an alert's evidence points at.
  const { highlight } = await searchParams;
  const highlightSeqs = (typeof highlight === "string" ? highlight.split(",") : []).slice(0, 500).map(Number).filter((n) => Number.isInteger(n) && n >= 0);
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <ConversationView
      orgId={access.organization.id}
      projectId={project.id}
      conversationId={conversationId}
      listPath={projectPath(org, projectSlug, "conversations")}
      highlightSeqs={highlightSeqs}
    />
  );
}
