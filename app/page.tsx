import { redirect } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/page-context";
import { listUserOrganizations } from "@/lib/orgs/organizations";

export const dynamic = "force-dynamic";

/** Sends a signed-in user to their first project's overview. */
export default async function Home() {
  const user = await requireUser();
  const organizations = await listUserOrganizations(user.id);
  const org = organizations.find((o) => o.projects.length > 0);
  const project = org?.projects[0];
  if (org && project) redirect(`/o/${org.slug}/p/${project.slug}/overview`);
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <EmptyState title="You are not a member of any project yet">
        Ask an owner or admin of your organization to add you, then reload this page.
      </EmptyState>
    </main>
  );
}
