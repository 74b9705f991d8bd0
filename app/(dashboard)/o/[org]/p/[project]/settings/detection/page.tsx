import type { Metadata } from "next";
import { PolicyEditor } from "@/components/detection/policy-editor";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Detection policy" };

export default async function DetectionPolicyPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader
        title="Detection policy"
        description="For each category and direction: block or flag a message when a finding scores at or above the threshold, or allow it (findings are still recorded)."
      />
      <PolicyEditor orgId={access.organization.id} projectId={project.id} canEdit={hasRole(access.role, "admin")} />
    </>
  );
}
