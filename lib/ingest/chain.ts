/**
 * Content hashes and the per-conversation hash chain of canonical messages.
 *
 * canonicalMessageForm(m) is a JSON object with keys in sorted order, no whitespace, every string
 * NFC-normalised, containing exactly the fields that define a message:
 *
 *   seq            number
 *   sender         string
 *   recipients     sorted, de-duplicated list of names when the recipients are explicit;
 *                  the string "*" for a broadcast (the broadcast list is derived from the rest of
 *                  the transcript, so hashing it would change earlier hashes whenever a later
 *                  message introduces a participant, and a longer transcript must re-hash equal)
 *   kind           string
 *   content        string
 *   tool_name, tool_arguments, tool_call_id   only when present (tool_arguments is hashed as the
 *                  string the model produced, not re-serialised)
 *
 * Not covered: replyTo (derived from order, which seq and the chain already fix), createdAt (the
 * same message re-sent through another export may carry another timestamp precision), metadata,
 * and the transcript format. Keys use the snake_case wire names so the form is stable if the
 * TypeScript field names change.
 */
import { createHash } from "node:crypto";
import type { CanonicalMessage } from "./canonical";

export const GENESIS_HASH = "0".repeat(64);

export function canonicalMessageForm(m: CanonicalMessage): string {
  const nfc = (s: string) => s.normalize("NFC");
  const form: Record<string, string | number | string[]> = {
    seq: m.seq,
    sender: nfc(m.sender),
    recipients: m.recipientsExplicit ? [...new Set(m.recipients.map(nfc))].sort(compareCodeUnits) : "*",
    kind: m.kind,
    content: nfc(m.content),
  };
  if (m.toolName !== undefined) form.tool_name = nfc(m.toolName);
  if (m.toolArguments !== undefined) form.tool_arguments = nfc(m.toolArguments);
  if (m.toolCallId !== undefined) form.tool_call_id = nfc(m.toolCallId);
  const keys = Object.keys(form).sort(compareCodeUnits);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(form[k])}`).join(",")}}`;
}

/** The fields of a stored message the chain covers (tool columns are null when absent). */
export interface StoredChainFields {
  seq: number;
  sender: string;
  recipients: string[];
  recipientsExplicit: boolean;
  kind: CanonicalMessage["kind"];
  content: string;
  toolName?: string | null;
  toolArguments?: string | null;
  toolCallId?: string | null;
}

/** A stored message as the canonical message it was hashed from, to re-check its hashes. */
export function storedMessageForm(m: StoredChainFields): CanonicalMessage {
  return {
    seq: m.seq,
    sender: m.sender,
    recipients: m.recipients,
    recipientsExplicit: m.recipientsExplicit,
    replyTo: null,
    kind: m.kind,
    content: m.content,
    toolName: m.toolName ?? undefined,
    toolArguments: m.toolArguments ?? undefined,
    toolCallId: m.toolCallId ?? undefined,
  };
}

/** Hex SHA-256 of canonicalMessageForm(m). */
export function contentHash(m: CanonicalMessage): string {
  return sha256(canonicalMessageForm(m));
}

/** Hex SHA-256 of (previous chain hash, or 64 zeros for the first message) + "\n" + canonical form. */
export function chainHash(previousChainHash: string | null, m: CanonicalMessage): string {
  return sha256(`${previousChainHash ?? GENESIS_HASH}\n${canonicalMessageForm(m)}`);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Locale-independent ordering, so the form is the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
