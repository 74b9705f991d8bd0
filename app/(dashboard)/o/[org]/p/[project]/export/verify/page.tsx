import type { Metadata } from "next";
import Link from "next/link";
import { BundleVerifier } from "@/components/export/bundle-verifier";
import { PageHeader } from "@/components/ui/page-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const metadata: Metadata = { title: "Verify a bundle" };

export default async function VerifyBundlePage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project: projectSlug } = await params;
  const { access, project } = await projectPageContext(org, projectSlug);
  return (
    <>
      <PageHeader
        title="Verify a bundle"
        description="Check that an audit bundle is exactly as Warden exported it: no message changed, removed, inserted or reordered."
        actions={
          <Link href={projectPath(org, projectSlug, "export")} className="text-sm font-medium text-brand-700 hover:underline">
            Back to Export
          </Link>
        }
      />
      <BundleVerifier orgId={access.organization.id} projectId={project.id} />
    </>
  );
}
