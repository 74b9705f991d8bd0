// Loads the demo data set on a fresh installation, through the same ingest code the
// API uses (transcripts with scan: true), into an organization of its own so the
// demo never counts against the real organization's quota.
import "server-only";
import { db } from "@/lib/db/client";
import { ingestConversation } from "@/lib/ingest/conversations";
import { createOrganizationTx } from "@/lib/orgs/organizations";
import { createProjectTx } from "@/lib/orgs/projects";
import { generateDemoConversations } from "./generate";

export const DEMO_ORG = "Warden demo";
export const DEMO_PROJECT = "Research agents";

export async function seedDemo(ownerUserId: string, progress: (done: number, total: number) => void = () => undefined) {
  const system = { type: "system" as const, label: "demo data" };
  const { organization, project } = await db().$transaction(async (tx) => {
    const organization = await createOrganizationTx(tx, DEMO_ORG, ownerUserId, system);
    // Team tier: the demo is about the product, not about hitting the Free quota.
    await tx.organization.update({ where: { id: organization.id }, data: { tier: "team" } });
    const project = await createProjectTx(tx, organization.id, DEMO_PROJECT, system);
    return { organization, project };
  });
  const scope = { organizationId: organization.id, projectId: project.id };
  const conversations = generateDemoConversations(new Date());
  let messages = 0;
  for (const [index, conversation] of conversations.entries()) {
    const result = await ingestConversation(scope, {
      conversation_id: conversation.id,
      format: "warden",
      transcript: { messages: conversation.messages },
      scan: true,
    });
    messages += result.stored;
    if ((index + 1) % 50 === 0 || index === conversations.length - 1) progress(index + 1, conversations.length);
  }
  return { organizationSlug: organization.slug, projectSlug: project.slug, conversations: conversations.length, messages };
}
