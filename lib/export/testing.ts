// Test helpers: the edits an attacker (or a careless hand) makes to an exported bundle.
// They work on the raw text, line by line, the way someone editing the file would.
// Imported only by tests.
import { chainHash, contentHash } from "@/lib/ingest/chain";
import { splitLines, verifyBundle, type VerifyResult } from "./verify";
import type { MessageRecord } from "./bundle";

function lines(text: string): string[] {
  return text.split("\n").filter((l, i, all) => !(i === all.length - 1 && l === ""));
}
const join = (ls: string[]) => `${ls.join("\n")}\n`;

/** Line indexes (0-based) of the record lines, in order: recordLines(text)[p - 1] is position p. */
export function recordLines(text: string): number[] {
  return lines(text).flatMap((l, i) => (l.startsWith('{"type":"record"') ? [i] : []));
}

export function recordAt(text: string, position: number): MessageRecord {
  return JSON.parse(lines(text)[recordLines(text)[position - 1]!]!) as MessageRecord;
}

/** Changes one character of the record's content in place (the first letter after `"content":"`). */
export function changeOneCharacter(text: string, position: number): string {
  const ls = lines(text);
  const index = recordLines(text)[position - 1]!;
  const line = ls[index]!;
  const at = line.indexOf('"content":"') + '"content":"'.length;
  const ch = line[at]!;
  ls[index] = line.slice(0, at) + (ch === "X" ? "Y" : "X") + line.slice(at + 1);
  return join(ls);
}

export function deleteRecord(text: string, position: number): string {
  const ls = lines(text);
  ls.splice(recordLines(text)[position - 1]!, 1);
  return join(ls);
}

export function swapRecords(text: string, a: number, b: number): string {
  const ls = lines(text);
  const idx = recordLines(text);
  const [i, j] = [idx[a - 1]!, idx[b - 1]!];
  [ls[i], ls[j]] = [ls[j]!, ls[i]!];
  return join(ls);
}

/**
 * A forged message after the last one, with correctly computed hashes (the forger knows the
 * chain's construction): `where` puts it right after the last record or after the trailer.
 */
export function appendForgedMessage(text: string, where: "after_last_record" | "end_of_file"): string {
  const ls = lines(text);
  const idx = recordLines(text);
  const last = JSON.parse(ls[idx.at(-1)!]!) as MessageRecord;
  const forgedFields = { ...last, seq: last.seq + 1, sender: last.sender, content: "Approved: wire the funds to account 4242." };
  const form = { ...forgedFields, replyTo: null };
  const forged: MessageRecord = { ...forgedFields, contentHash: contentHash(form), chainHash: chainHash(last.chainHash, form), findings: [], verdict: "allowed" };
  ls.splice(where === "end_of_file" ? ls.length : idx.at(-1)! + 1, 0, JSON.stringify(forged));
  return join(ls);
}

export function verifyText(text: string): Promise<VerifyResult> {
  return verifyBundle(splitLines([Buffer.from(text, "utf8")]));
}
