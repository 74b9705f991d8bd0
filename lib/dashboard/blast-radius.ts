// Blast radius of a conversation's first flagged (or blocked) message: which agents the
// content could have reached and what happened afterwards. Shown beside the transcript and the
// flow graph, and summarised in one line for alerts and the conversation list.
//
// Propagation rule (taint tracking over the delivered messages, in seq order):
//  1. The START is the first flagged-or-blocked message (or a chosen seq). Its sender is the
//     ORIGIN and is tainted: it produced the content (e.g. the web surfer that read the page).
//  2. Every recipient of the start message is REACHED.
//  3. Walking the later messages in order: a message sent by a tainted agent (the origin or a
//     reached agent) is DOWNSTREAM, and each of its recipients not yet tainted becomes reached
//     then (at that seq, via that sender). A message from an untainted agent spreads nothing,
//     and nothing before the start counts: reaching is about what an agent heard after the
//     content entered the conversation.
// Broadcasts reach every participant at once, which is the truth of a group chat: every agent
// saw the message in its context. Blocked messages propagate like any other: a transcript
// records what was said, and Warden as a monitor reports rather than rewrites history.
//
// Pure: no database; the time in the text is formatted in the viewer's zone.
import type { FlowMessage } from "./flow-graph";
import { formatInZone } from "./zoned-time";

export interface BlastMessage extends FlowMessage {
  sentAt: Date;
}

export interface ReachedAgent {
  agent: string;
  /** The message that first reached it, the agent that sent it, and when. */
  atSeq: number;
  via: string;
  at: Date;
}

export interface BlastRadiusSummary {
  origin: string;
  startSeq: number;
  startedAt: Date;
  startVerdict: "flagged" | "blocked" | "allowed" | null;
  startCategories: string[];
  /** Agents reached, origin excluded. */
  reachedCount: number;
  /** Messages sent by tainted agents after the start. */
  downstreamCount: number;
  /** Of the downstream messages: flagged / blocked counts, and blocked messages per category (a message blocked for two categories counts once in each). */
  flaggedAfter: number;
  blockedAfter: number;
  blockedAfterByCategory: Record<string, number>;
}

export interface BlastRadius {
  summary: BlastRadiusSummary;
  /** In the order they were reached. */
  reached: ReachedAgent[];
  /** Seqs of the downstream messages, in order (the start excluded). */
  downstreamSeqs: number[];
  /** Start + downstream seqs: what the transcript highlights. */
  affectedSeqs: number[];
  /** Agents that sent any message after the start, tainted or not (PRODUCT: "or spoke after it"). */
  spokeAfter: string[];
  /** One line: "injected via web_surfer at 12:03:11; reached 3 agents; 2 blocked code executions followed". */
  text: string;
}

export interface BlastRadiusOptions {
  /** Start here instead of at the first flagged-or-blocked message. */
  startSeq?: number;
  /** Zone of the time in `text`; default UTC. */
  timeZone?: string;
  locale?: string;
}

const isRisky = (m: Pick<FlowMessage, "verdict">) => m.verdict === "flagged" || m.verdict === "blocked";

/** Blast radius of one conversation; null when nothing was flagged (or `startSeq` is not a message). */
export function computeBlastRadius(messages: readonly BlastMessage[], options: BlastRadiusOptions = {}): BlastRadius | null {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  const startIndex = options.startSeq === undefined ? ordered.findIndex(isRisky) : ordered.findIndex((m) => m.seq === options.startSeq);
  const start = ordered[startIndex];
  if (!start) return null;

  const tainted = new Set<string>([start.sender]);
  const reached: ReachedAgent[] = [];
  const reach = (m: BlastMessage) => {
    for (const to of m.recipients) {
      if (tainted.has(to)) continue;
      tainted.add(to);
      reached.push({ agent: to, atSeq: m.seq, via: m.sender, at: m.sentAt });
    }
  };
  reach(start);

  const downstreamSeqs: number[] = [];
  const spokeAfter = new Set<string>();
  let flaggedAfter = 0;
  let blockedAfter = 0;
  const blockedAfterByCategory: Record<string, number> = {};
  for (const m of ordered.slice(startIndex + 1)) {
    spokeAfter.add(m.sender);
    if (!tainted.has(m.sender)) continue;
    downstreamSeqs.push(m.seq);
    if (m.verdict === "flagged") flaggedAfter++;
    if (m.verdict === "blocked") {
      blockedAfter++;
      for (const c of new Set(m.categories)) blockedAfterByCategory[c] = (blockedAfterByCategory[c] ?? 0) + 1;
    }
    reach(m);
  }

  const summary: BlastRadiusSummary = {
    origin: start.sender,
    startSeq: start.seq,
    startedAt: start.sentAt,
    startVerdict: start.verdict,
    startCategories: [...start.categories],
    reachedCount: reached.length,
    downstreamCount: downstreamSeqs.length,
    flaggedAfter,
    blockedAfter,
    blockedAfterByCategory,
  };
  return {
    summary,
    reached,
    downstreamSeqs,
    affectedSeqs: [start.seq, ...downstreamSeqs],
    spokeAfter: [...spokeAfter],
    text: describeBlastRadius(summary, options.timeZone ?? "UTC", options.locale),
  };
}

// Singular and plural phrases for blocked messages of a category.
const CATEGORY_PHRASES: Record<string, [string, string]> = {
  code_execution: ["code execution", "code executions"],
  prompt_injection: ["prompt injection", "prompt injections"],
  jailbreak: ["jailbreak", "jailbreaks"],
  data_exfiltration: ["exfiltration attempt", "exfiltration attempts"],
  secrets: ["secret leak", "secret leaks"],
  pii: ["PII disclosure", "PII disclosures"],
};

function phrase(category: string, n: number): string {
  const [one, many] = CATEGORY_PHRASES[category] ?? [`${category.replace(/_/g, " ")} message`, `${category.replace(/_/g, " ")} messages`];
  return `${n} blocked ${n === 1 ? one : many}`;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** The one-line summary, e.g. "injected via web_surfer at 12:03:11; reached 3 agents; 2 blocked code executions followed". */
export function describeBlastRadius(s: BlastRadiusSummary, timeZone = "UTC", locale = "en-GB"): string {
  const time = formatInZone(s.startedAt, timeZone, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }, locale);
  // Injection and jailbreak content is "injected" by its origin; other findings (a leaked
  // secret, a dangerous command) are content the origin produced.
  const injected = s.startCategories.includes("prompt_injection") || s.startCategories.includes("jailbreak");
  const head = injected ? `injected via ${s.origin} at ${time}` : `${s.startVerdict === "blocked" ? "blocked" : "flagged"} content from ${s.origin} at ${time}`;
  const reach = s.reachedCount === 0 ? "reached no other agent" : `reached ${s.reachedCount} agent${s.reachedCount === 1 ? "" : "s"}`;
  let after: string;
  const categories = Object.entries(s.blockedAfterByCategory).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (categories.length > 0) after = `${joinAnd(categories.map(([c, n]) => phrase(c, n)))} followed`;
  else if (s.blockedAfter > 0) after = `${s.blockedAfter} blocked message${s.blockedAfter === 1 ? "" : "s"} followed`;
  else if (s.flaggedAfter > 0) after = `${s.flaggedAfter} flagged message${s.flaggedAfter === 1 ? "" : "s"} followed, none blocked`;
  else after = "nothing flagged afterwards";
  return `${head}; ${reach}; ${after}`;
}
