// The one function that stores scan events. The scan API, event batches and
// transcript scanning all come through here, so that usage metering and alert
// evaluation are added in one place. It never scans: it stores what it is given.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { ENGINE_VERSION, maskText, type Category, type Direction, type Finding, type Verdict } from "@/lib/detection";
import type { TextStorageMode } from "@/lib/scan/project-detection";

export interface ScanEventInput {
  organizationId: string;
  projectId: string;
  source: "scan" | "ingest";
  clientEventId?: string | null;
  agentName: string;
  direction: Direction;
  verdict: Verdict;
  riskScore: number;
  findings: Finding[];
  text: string;
  textStorage: TextStorageMode;
  latencyMs: number;
  conversationRef?: string | null;
  toAgent?: string | null;
  metadata?: Record<string, unknown> | null;
  occurredAt?: Date;
  engineVersion?: string;
}

/** What is kept of the text: masked (secrets and PII redacted), all of it, or nothing. */
export function storedText(text: string, findings: Finding[], mode: TextStorageMode): string | null {
  if (mode === "none") return null;
  if (mode === "full") return text;
  return maskText(text, findings);
}

/** Creates the agent on first sight and moves its last-seen time forward; returns its id. */
async function touchAgent(tx: Prisma.TransactionClient, input: ScanEventInput, at: Date): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Agent" ("id", "organizationId", "projectId", "name", "firstSeenAt", "lastSeenAt")
    VALUES (gen_random_uuid()::text, ${input.organizationId}, ${input.projectId}, ${input.agentName}, ${at}, ${at})
    ON CONFLICT ("projectId", "name") DO UPDATE SET "lastSeenAt" = GREATEST("Agent"."lastSeenAt", EXCLUDED."lastSeenAt")
    RETURNING "id"`;
  return rows[0]!.id;
}

export async function recordScanEvent(input: ScanEventInput): Promise<{ id: string }> {
  const occurredAt = input.occurredAt ?? new Date();
  const categories = [...new Set(input.findings.map((finding) => finding.category))] as Category[];
  return db().$transaction(async (tx) => {
    const agentId = await touchAgent(tx, input, occurredAt);
    return tx.scanEvent.create({
      data: {
        organizationId: input.organizationId,
        projectId: input.projectId,
        agentId,
        source: input.source,
        clientEventId: input.clientEventId ?? null,
        direction: input.direction,
        verdict: input.verdict,
        riskScore: input.riskScore,
        categories,
        findings: input.findings as unknown as Prisma.InputJsonArray,
        conversationRef: input.conversationRef ?? null,
        toAgent: input.toAgent ?? null,
        metadata: (input.metadata ?? undefined) as Prisma.InputJsonObject | undefined,
        textLength: input.text.length,
        textSha256: createHash("sha256").update(input.text, "utf8").digest("hex"),
        textStorage: input.textStorage,
        text: storedText(input.text, input.findings, input.textStorage),
        latencyMs: input.latencyMs,
        engineVersion: input.engineVersion ?? ENGINE_VERSION,
        occurredAt,
      },
      select: { id: true },
    });
  });
}
