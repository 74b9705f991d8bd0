// POST /api/v1/conversations: a whole or partial transcript, in whatever format the
// user has. New messages are appended in order with their hash chain; a re-sent
// transcript stores nothing twice; a stored message that now reads differently is a
// conflict, never overwritten. With scan: true every new message is scanned.
import "server-only";
import { randomUUID } from "node:crypto";
import type { EnabledRuleRows } from "@/lib/alerts/enabled-rules-sql";
import { enabledRules, evaluateNewMessages, evaluateQuotaUsage } from "@/lib/alerts/on-ingest";
import { alertUpsertStep } from "@/lib/alerts/raise";
import { bulkInsert } from "@/lib/db/bulk-insert";
import { withTransaction } from "@/lib/db/sql";
import type { Direction } from "@/lib/detection";
import { ApiError } from "@/lib/http/errors";
import { detectionSettingsFrom, loadDetectionSettings, scanWithPolicy, type StoredDetectionSettings } from "@/lib/scan/project-detection";
import { meterUnits, readQuotaPolicy } from "@/lib/usage/meter";
import type { QuotaPolicy } from "@/lib/usage/quota";
import { parseTranscript } from "./adapters";
import { LIMITS, type CanonicalMessage } from "./canonical";
import { chainHash, contentHash } from "./chain";
import { addMessageEdges, addMessageHours } from "./hourly-rollups";
import { storeScanEvents, touchAgents, type ProjectScope, type ScanEventInput } from "./record-event";
import type { ConversationConflict, ConversationIngestResponse } from "./schemas";
import type { z } from "zod";
import type { conversationInputSchema } from "./schemas";

type ConversationBody = z.output<typeof conversationInputSchema>;

const MESSAGE_COLUMNS = [
  ["id", "text"], ["organizationId", "text"], ["projectId", "text"], ["conversationId", "text"], ["seq", "integer"],
  ["sender", "text"], ["recipients", "text[]"], ["recipientsExplicit", "boolean"], ["replyTo", "text"], ["kind", '"MessageKind"'],
  ["content", "text"], ["toolName", "text"], ["toolArguments", "text"], ["toolCallId", "text"], ["contentHash", "text"],
  ["chainHash", "text"], ["metadata", "jsonb"], ["sentAt", "timestamp(3)"], ["receivedAt", "timestamp(3)"],
] as const;
interface MessageRow extends Record<(typeof MESSAGE_COLUMNS)[number][0], unknown> {
  id: string;
  seq: number;
  sender: string;
  sentAt: string;
}
// The conversation row is locked, so no concurrent writer can take these positions.
const insertMessages = bulkInsert<MessageRow>("Message", MESSAGE_COLUMNS, "");

/** Which way a message crosses the agent system's boundary, for the policy. */
export function messageDirection(message: Pick<CanonicalMessage, "kind" | "sender">): Direction {
  // Tool output and what a human types come from outside the agents.
  if (message.kind === "tool_result") return "inbound";
  if (/^(user|human)$/i.test(message.sender) || /user_?proxy|human/i.test(message.sender)) return "inbound";
  return "internal";
}

function sentAt(message: CanonicalMessage, fallback: Date): Date {
  if (!message.createdAt) return fallback;
  const parsed = new Date(message.createdAt);
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}

/**
 * `read`: what the caller already read with the API key (the quota policy, the project's alert
 * rules and detection settings), so the transaction does not read it again; the demo loader
 * passes nothing and they are read here.
 */
export async function ingestConversation(
  scope: ProjectScope,
  body: ConversationBody,
  read: { quotaPolicy?: QuotaPolicy; alertRules?: EnabledRuleRows; detection?: StoredDetectionSettings } = {},
): Promise<ConversationIngestResponse> {
  const parsed = parseTranscript(body.transcript, body.format);
  if (!parsed.ok) {
    const field = parsed.error.field ? (parsed.error.field.startsWith("format") ? "format" : `transcript${parsed.error.field.replace(/^transcript/, "")}`) : "transcript";
    throw new ApiError("validation_failed", `${parsed.error.message}. Accepted formats: ${parsed.error.acceptedFormats.join(", ")}`, { field });
  }
  const transcript = parsed.value;
  const settings = body.scan ? (read.detection ? detectionSettingsFrom(read.detection) : await loadDetectionSettings(scope)) : null;

  // On a pg connection, as the event writer: a Prisma interactive transaction costs
  // milliseconds per statement, and a transcript with alert rules runs a dozen of them.
  return withTransaction(
    async (sql) => {
      // The project's rules as read with the key: every rule evaluation of this transaction
      // (enabledRules reads once per transaction) then uses them instead of a query.
      if (read.alertRules) void enabledRules(sql, scope.projectId, read.alertRules);
      const now = new Date();
      // Serialises concurrent sends of the same conversation (and creates it on first sight).
      await sql.query(
        `INSERT INTO "Conversation" ("id", "organizationId", "projectId", "externalId", "framework", "participants", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5::text[], $6::timestamptz AT TIME ZONE 'UTC')
         ON CONFLICT ("projectId", "externalId") DO NOTHING`,
        [scope.organizationId, scope.projectId, body.conversation_id, transcript.format, transcript.participants, now.toISOString()],
      );
      const [conversation] = await sql.query<{ id: string; lastChainHash: string | null; participants: string[]; messageCount: number }>(
        `SELECT "id", "lastChainHash", "participants", "messageCount" FROM "Conversation"
         WHERE "projectId" = $1 AND "externalId" = $2 FOR NO KEY UPDATE`,
        [scope.projectId, body.conversation_id],
      );
      if (!conversation) throw new Error("conversation row vanished");

      // Messages are matched by seq, not list position: a client may send only the tail
      // of a conversation with explicit sequence numbers.
      const bySeq = new Map(transcript.messages.map((m) => [m.seq, m]));
      const firstSeq = transcript.messages[0]?.seq ?? 0;
      const lastSeq = transcript.messages.at(-1)?.seq ?? -1;
      const stored = await sql.query<{ seq: number; contentHash: string }>(
        `SELECT "seq", "contentHash" FROM "Message" WHERE "conversationId" = $1 AND "seq" >= $2 AND "seq" <= $3 ORDER BY "seq"`,
        [conversation.id, firstSeq, lastSeq],
      );
      const conflicts: ConversationConflict[] = [];
      for (const row of stored) {
        const incoming = bySeq.get(row.seq);
        if (incoming && contentHash(incoming) !== row.contentHash) {
          conflicts.push({ seq: row.seq, reason: "differs from the stored message at this position" });
        }
      }
      const candidates = transcript.messages.filter((m) => m.seq >= conversation.messageCount);
      // The chain has no holes: new messages must continue right after the stored ones.
      if (candidates.length > 0 && candidates[0]!.seq !== conversation.messageCount) {
        conflicts.push({
          seq: conversation.messageCount,
          reason: `messages ${conversation.messageCount}–${candidates[0]!.seq - 1} are missing: send them first`,
        });
      }
      const response: ConversationIngestResponse = {
        conversation_id: body.conversation_id,
        format: transcript.format,
        messages_received: transcript.messages.length,
        stored: 0,
        already_stored: transcript.messages.length - candidates.length,
        quota_exceeded: 0,
        conflicts,
        scanned: 0,
        blocked: 0,
        flagged: 0,
      };
      // A history that diverges from what is stored is reported, not extended.
      if (conflicts.length > 0 || candidates.length === 0) return response;
      // The conversation's participants are stored and listed with it: bounded across sends as in one transcript.
      const participants = [...new Set([...conversation.participants, ...transcript.participants])];
      if (participants.length > LIMITS.maxParticipants) {
        throw new ApiError("validation_failed", `transcript: the conversation would have ${participants.length} participants; at most ${LIMITS.maxParticipants}`, { field: "transcript" });
      }

      // Free can refuse messages, so it charges its meter before storing; paid tiers store
      // every message and charge last, in the event writer's lock order (agents, alerts,
      // rollups, usage), so concurrent transcripts and event batches never deadlock.
      const policy = read.quotaPolicy ?? (await readQuotaPolicy(sql, scope.organizationId));
      const early = policy.allowsOverage ? null : await meterUnits(sql, scope.organizationId, candidates.length, now, policy);
      const accepted = candidates.slice(0, early?.granted ?? candidates.length);
      response.quota_exceeded = candidates.length - accepted.length;
      if (accepted.length === 0) return response;

      let previous = conversation.lastChainHash;
      const rows: MessageRow[] = accepted.map((message) => {
        const hash = chainHash(previous, message);
        previous = hash;
        return {
          id: randomUUID(),
          organizationId: scope.organizationId,
          projectId: scope.projectId,
          conversationId: conversation.id,
          seq: message.seq,
          sender: message.sender,
          recipients: message.recipients,
          recipientsExplicit: message.recipientsExplicit,
          replyTo: message.replyTo,
          kind: message.kind,
          content: message.content,
          toolName: message.toolName ?? null,
          toolArguments: message.toolArguments ?? null,
          toolCallId: message.toolCallId ?? null,
          contentHash: contentHash(message),
          chainHash: hash,
          metadata: message.metadata ?? null,
          sentAt: sentAt(message, now).toISOString(),
          receivedAt: now.toISOString(),
        };
      });
      const inserted = await insertMessages.run(sql, rows);
      response.stored = inserted.length;

      const seen = new Map<string, Date>();
      for (const row of rows) {
        const at = new Date(row.sentAt);
        if (!seen.has(row.sender) || seen.get(row.sender)! < at) seen.set(row.sender, at);
      }
      await touchAgents(sql, scope, seen);

      let flagged = 0;
      let blocked = 0;
      // The verdict of each message's ScanEvent, written below in this same transaction: the
      // flow-graph rollup counts it with the message, as a join on ScanEvent.messageId would.
      const verdictBySeq = new Map<number, string>();
      if (settings) {
        const idBySeq = new Map(rows.map((row) => [row.seq, row.id]));
        const seqById = new Map(rows.map((row) => [row.id, row.seq]));
        const events: ScanEventInput[] = [];
        for (const message of accepted) {
          if (!message.content) continue;
          const direction = messageDirection(message);
          const scan = scanWithPolicy(message.content, direction, settings.policy);
          if (scan.verdict === "blocked") blocked++;
          if (scan.verdict === "flagged") flagged++;
          events.push({
            source: "transcript",
            agentName: message.sender,
            direction,
            verdict: scan.verdict,
            riskScore: scan.riskScore,
            findings: scan.findings,
            text: message.content,
            textStorage: settings.textStorage,
            latencyMs: scan.latencyMs,
            conversationRef: body.conversation_id,
            messageId: idBySeq.get(message.seq) ?? null,
            toAgent: message.recipientsExplicit && message.recipients.length === 1 ? message.recipients[0] : null,
            occurredAt: sentAt(message, now),
          });
        }
        const results = await storeScanEvents(scope, events, { sql, billable: false });
        results.forEach((result, index) => {
          const event = events[index]!;
          const seq = event.messageId ? seqById.get(event.messageId) : undefined;
          if (result.status === "stored" && seq !== undefined) verdictBySeq.set(seq, event.verdict);
        });
        response.scanned = events.length;
        response.flagged = flagged;
        response.blocked = blocked;
      }

      const matches = await evaluateNewMessages(
        sql,
        scope,
        { id: conversation.id, externalId: body.conversation_id, previousTotal: conversation.messageCount },
        rows.map((row) => ({ id: row.id, seq: row.seq, sender: row.sender, content: row.content as string, sentAt: new Date(row.sentAt) })),
      );
      // Its alerts are raised in the conversation's update (a round trip fewer), where they were
      // raised before: after the agents, before the rollups and the usage row.
      const raise = matches.length > 0 ? alertUpsertStep(matches) : null;

      const times = rows.map((row) => Date.parse(row.sentAt));
      const values: unknown[] = [
        scope.organizationId,
        scope.projectId,
        conversation.id,
        transcript.format,
        participants,
        inserted.length,
        flagged,
        blocked,
        previous,
        accepted.some((m) => m.kind === "stop"),
        body.metadata ? JSON.stringify(body.metadata) : null,
        new Date(Math.max(...times)).toISOString(),
        new Date(Math.min(...times)).toISOString(),
        now.toISOString(),
      ];
      const raiseCte = raise ? `WITH ${raise.cte(values.length + 1)} ` : "";
      if (raise) values.push(...raise.values);
      await sql.query(
        `${raiseCte}UPDATE "Conversation" SET "framework" = $4, "participants" = $5::text[], "messageCount" = "messageCount" + $6,
           "flaggedCount" = "flaggedCount" + $7, "blockedCount" = "blockedCount" + $8, "lastChainHash" = $9,
           "status" = CASE WHEN $10 THEN 'ended'::"ConversationStatus" ELSE "status" END, "metadata" = coalesce($11::jsonb, "metadata"),
           "lastMessageAt" = $12::timestamptz AT TIME ZONE 'UTC',
           "startedAt" = CASE WHEN "messageCount" = 0 THEN $13::timestamptz AT TIME ZONE 'UTC' ELSE "startedAt" END,
           "updatedAt" = $14::timestamptz AT TIME ZONE 'UTC'
         WHERE "id" = $3 AND "projectId" = $2 AND "organizationId" = $1`,
        values,
      );
      // Last, so the dashboard's hourly counts hold exactly the messages this transaction commits.
      await addMessageHours(sql, scope, rows);
      await addMessageEdges(
        sql,
        scope,
        accepted.map((message, index) => ({ ...message, verdict: verdictBySeq.get(message.seq) ?? null, sentAt: rows[index]!.sentAt })),
      );
      const metered = early ?? (await meterUnits(sql, scope.organizationId, accepted.length, now, policy));
      await evaluateQuotaUsage(sql, scope, metered.usage);
      return response;
    },
    { retryDeadlocks: true },
  );
}
