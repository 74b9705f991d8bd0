import type { Metadata } from "next";
import { AlertDetailView } from "@/components/alerts/alert-detail";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ org: string; project: string; alertId: string }> }) {
  const { org, project: projectSlug, alertId } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <AlertDetailView
      orgId={access.organization.id}
      projectId={project.id}
      alertId={alertId}
      basePath={`/o/${org}/p/${projectSlug}`}
      canRespond={hasRole(access.role, "admin")}
    />
  );
}
