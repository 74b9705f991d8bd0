import type { Metadata } from "next";
import Link from "next/link";
import { ExportForm } from "@/components/export/export-form";
import { ExportJobs } from "@/components/export/export-jobs";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Export" };

export default async function ExportPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader
        title="Export"
        description={`Conversations and scan events of ${project.name} as JSON Lines, CSV or a tamper-evident audit bundle.`}
        actions={
          <Link href={projectPath(org, projectSlug, "export/verify")} className="text-sm font-medium text-brand-700 hover:underline">
            Verify a bundle
          </Link>
        }
      />
      <div className="space-y-8">
        <ExportForm orgId={access.organization.id} projectId={project.id} />
        <section>
          <h2 className="mb-3 text-base font-semibold text-slate-900">Export jobs</h2>
          <ExportJobs orgId={access.organization.id} projectId={project.id} />
        </section>
      </div>
    </>
  );
}
