import { orgRoute } from "@/lib/auth/route";
import { createProject, createProjectSchema, listProjects } from "@/lib/orgs/projects";

export const GET = orgRoute({}, async ({ organizationId }) => ({ projects: await listProjects(organizationId) }));

export const POST = orgRoute(
  { role: "admin", body: createProjectSchema, status: 201 },
  async ({ organizationId, body, actor, ip }) => ({ project: await createProject(organizationId, body.name, actor, ip) }),
);
