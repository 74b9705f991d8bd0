import { orgRoute } from "@/lib/auth/route";
import { changeMemberRole, changeRoleSchema, removeMember } from "@/lib/orgs/members";

export const PATCH = orgRoute(
  { role: "admin", body: changeRoleSchema },
  async ({ organizationId, access, params, body, actor, ip }) => ({
    member: await changeMemberRole(
      { organizationId, actor, sourceIp: ip, actorRole: access.role },
      String(params.membershipId),
      body.role,
    ),
  }),
);

export const DELETE = orgRoute({ role: "admin" }, async ({ organizationId, access, params, actor, ip }) =>
  removeMember({ organizationId, actor, sourceIp: ip, actorRole: access.role }, String(params.membershipId)),
);
