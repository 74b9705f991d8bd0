import { projectRoute } from "@/lib/auth/route";
import { DEFAULT_POLICY } from "@/lib/detection";
import { loadDetectionSettings, updateDetectionSettings, updateDetectionSettingsSchema } from "@/lib/scan/project-detection";

export const GET = projectRoute({}, async ({ organizationId, project }) => ({
  ...(await loadDetectionSettings({ organizationId, projectId: project.id })),
  defaults: DEFAULT_POLICY,
}));

/** Replaces the project's policy and text storage; takes effect on the next scan. */
export const PUT = projectRoute(
  { role: "admin", body: updateDetectionSettingsSchema },
  async ({ organizationId, project, body, actor, ip }) =>
    updateDetectionSettings({ organizationId, projectId: project.id }, body, actor, ip),
);
