import type { Metadata } from "next";
import { MembersPanel } from "@/components/settings/members-panel";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { projectPageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project } = await params;
  const { access, user } = await projectPageContext(org, project);
  return (
    <>
      <PageHeader
        title="Members"
        description={`People of ${access.organization.name}. Owners manage everything, admins everything but ownership, viewers read.`}
      />
      <MembersPanel orgId={access.organization.id} canManage={hasRole(access.role, "admin")} currentUserId={user.id} />
    </>
  );
}
