// What every dashboard page needs: the signed-in user (else the login page) and
// their access to the organization and project in the URL (else 404).
import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ApiError } from "@/lib/http/errors";
import { listUserOrganizations } from "@/lib/orgs/organizations";
import { resolveOrgAccess, resolveProject } from "./access";
import { currentUser } from "./session";

export const requireUser = cache(async () => {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
});

export const projectPageContext = cache(async (orgSlug: string, projectSlug: string) => {
  const user = await requireUser();
  try {
    const access = await resolveOrgAccess(user.id, { slug: orgSlug });
    const project = await resolveProject(access.organization.id, { slug: projectSlug });
    const organizations = await listUserOrganizations(user.id);
    return { user, access, project, organizations };
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
});

export type ProjectPageContext = Awaited<ReturnType<typeof projectPageContext>>;
