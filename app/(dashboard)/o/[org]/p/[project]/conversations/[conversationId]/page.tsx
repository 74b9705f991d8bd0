import type { Metadata } from "next";
import { ConversationView } from "@/components/conversations/conversation-view";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ org: string; project: string; conversationId: string }> }) {
  const { org, project: projectSlug, conversationId } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <ConversationView
      orgId={access.organization.id}
      projectId={project.id}
      conversationId={conversationId}
      listPath={projectPath(org, projectSlug, "conversations")}
    />
  );
}
