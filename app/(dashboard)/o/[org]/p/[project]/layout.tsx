import Link from "next/link";
import type { ReactNode } from "react";
import { ProjectSwitcher } from "@/components/shell/project-switcher";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { projectPageContext } from "@/lib/auth/page-context";
import { projectPath } from "@/lib/nav";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string; project: string }>;
}) {
  const { org, project } = await params;
  const { user, access, organizations } = await projectPageContext(org, project);
  return (
    <div className="flex min-h-full">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white px-3 py-4">
        <Link href={projectPath(org, project)} className="mb-4 flex items-center gap-2 px-3">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span className="text-lg font-semibold">Warden</span>
        </Link>
        <div className="mb-6 px-1">
          <ProjectSwitcher organizations={organizations} current={`${org}/${project}`} />
          <p className="mt-1 px-1 text-xs text-slate-500">
            {access.organization.name} · {access.organization.tier} tier
          </p>
        </div>
        <Sidebar orgSlug={org} projectSlug={project} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end border-b border-slate-200 bg-white px-6">
          <UserMenu email={user.email} role={access.role} />
        </header>
        <main className="flex-1 px-8 py-6">{children}</main>
      </div>
    </div>
  );
}
