import { apiKeyRoute } from "@/lib/auth/route";

/** Proves a key end to end: which organization and project it belongs to, and what it may do. */
export const GET = apiKeyRoute({ scope: null }, async ({ principal }) => ({
  organization: { id: principal.organization.id, slug: principal.organization.slug, name: principal.organization.name },
  project: principal.project,
  key: { id: principal.keyId, name: principal.keyName },
  scopes: principal.scopes,
}));
