import type { Metadata } from "next";
import { PlaygroundPanel } from "@/components/detection/playground-panel";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader title="Playground" description="Paste a message and see the verdict this project's policy gives it, with the evidence marked." />
      <PlaygroundPanel orgId={access.organization.id} projectId={project.id} />
    </>
  );
}
