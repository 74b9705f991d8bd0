import { orgRoute } from "@/lib/auth/route";
import { addMember, addMemberSchema, listMembers } from "@/lib/orgs/members";

export const GET = orgRoute({}, async ({ organizationId }) => ({ members: await listMembers(organizationId) }));

export const POST = orgRoute(
  { role: "admin", body: addMemberSchema, status: 201 },
  async ({ organizationId, user, body, actor, ip }) => ({
    member: await addMember({ organizationId, actor, actorUserId: user.id, sourceIp: ip }, body),
  }),
);
