/**
 * AutoGen 0.2 `ConversableAgent.chat_messages` of one agent, sent as `{ "<peer name>": [messages] }`
 * (the real keys are agent objects, so users key them by name).
 *
 * Each list is one conversation between the holder and that peer: role "user" is the peer, role
 * "assistant" the holder. The holder's name is not in the data; it is labelled "self". Lists are
 * concatenated in key order (their relative timing is not recorded) and replyTo stays within a list.
 */
import type { CanonicalTranscript } from "../canonical";
import { addV02Message, isV02Message } from "./autogenV02";
import { TranscriptBuilder } from "./builder";
import { IngestError } from "./errors";
import { isRecord, readName } from "./values";

export const CHAT_MESSAGES_HOLDER = "self";

/** True when every value is a list whose items look like 0.2 messages. */
export function looksLikeChatMessages(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  return keys.every((k) => {
    const v = value[k];
    return Array.isArray(v) && v.every(isV02Message);
  });
}

export function parseAutogenV02ChatMessages(transcript: unknown): CanonicalTranscript {
  if (!isRecord(transcript)) {
    throw new IngestError("expected an object mapping each peer agent's name to its list of messages", "transcript");
  }
  const keys = Object.keys(transcript);
  if (keys.length === 0) throw new IngestError("transcript has no peers", "transcript");
  const builder = new TranscriptBuilder("autogen_v02_chat_messages");
  const functionCallers = new Map<string, string>();
  for (const key of keys) {
    const field = `transcript[${JSON.stringify(key)}]`;
    const peer = readName(key, field);
    const list = transcript[key];
    if (!Array.isArray(list)) throw new IngestError(`${field} must be a list of messages`, field);
    const perspective = { holder: CHAT_MESSAGES_HOLDER, peer, thread: peer, explicitPair: true };
    list.forEach((m, i) => addV02Message(builder, m, `${field}[${i}]`, perspective, functionCallers));
  }
  return builder.build();
}
