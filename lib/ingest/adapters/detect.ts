/**
 * Picks the format of a transcript from its shape alone. Only a few items are looked at, so a
 * hostile 10 MB transcript costs no more to detect than a small one; the chosen adapter then
 * validates everything and names the field that does not fit.
 */
import type { TranscriptFormat } from "../canonical";
import { isV02Message } from "./autogenV02";
import { looksLikeChatMessages } from "./autogenV02ChatMessages";
import { looksLikeV02Console } from "./autogenV02Console";
import { isV04Message } from "./autogenV04";
import { looksLikeV04Console } from "./autogenV04Console";
import { get, isRecord } from "./values";

const SAMPLE = 20;

export function detectFormat(transcript: unknown): TranscriptFormat | null {
  if (typeof transcript === "string") {
    // Checked first: 0.2 text needs both `a (to b):` headers and 80-dash separators.
    if (looksLikeV02Console(transcript)) return "autogen_v02_console";
    if (looksLikeV04Console(transcript)) return "autogen_v04_console";
    return null;
  }
  if (Array.isArray(transcript)) return detectList(transcript);
  if (!isRecord(transcript)) return null;

  const type = get(transcript, "type");
  if (type === "TeamState" || Array.isArray(get(transcript, "llm_messages")) || isRecord(get(transcript, "agent_states"))) {
    return "autogen_v04";
  }
  for (const key of ["messages", "history", "chat_history"]) {
    const list = get(transcript, key);
    if (Array.isArray(list)) {
      const format = detectList(list);
      // `history` / `chat_history` only ever hold 0.2 dicts; `messages` may hold any list format.
      if (format !== null && (key === "messages" || format === "autogen_v02")) return format;
      return null;
    }
  }
  if (looksLikeChatMessages(transcript)) return "autogen_v02_chat_messages";
  return null;
}

function detectList(list: unknown[]): TranscriptFormat | null {
  const sample = list.slice(0, SAMPLE);
  if (sample.length === 0) return null;
  if (sample.every((m) => isRecord(m) && typeof get(m, "sender") === "string")) return "warden";
  if (sample.every(isV04Message)) return "autogen_v04";
  if (sample.every(isV02Message)) return "autogen_v02";
  return null;
}
