import { sessionRoute } from "@/lib/auth/route";
import { createOrganization, createOrganizationSchema, listUserOrganizations } from "@/lib/orgs/organizations";

export const GET = sessionRoute({}, async ({ user }) => ({ organizations: await listUserOrganizations(user.id) }));

export const POST = sessionRoute({ body: createOrganizationSchema, status: 201 }, async ({ user, body }) => ({
  organization: await createOrganization(body.name, user),
}));
