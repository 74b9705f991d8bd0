import { orgRoute } from "@/lib/auth/route";
import { changeMemberRole, changeRoleSchema, removeMember } from "@/lib/orgs/members";

export const PATCH = orgRoute(
  { role: "admin", body: changeRoleSchema },
  async ({ organizationId, user, params, body, actor, ip }) => ({
    member: await changeMemberRole(
      { organizationId, actor, actorUserId: user.id, sourceIp: ip },
      String(params.membershipId),
      body.role,
    ),
  }),
);

export const DELETE = orgRoute({ role: "admin" }, async ({ organizationId, user, params, actor, ip }) =>
  removeMember({ organizationId, actor, actorUserId: user.id, sourceIp: ip }, String(params.membershipId)),
);
