// Runs every enabled rule of a project over one batch of new facts. Pure: the ingest path
// (with bounded look-back rows) and the backtest (with seven days of rows) call the same code.
import { agentMatcher, type EvaluableRule } from "../rule-types";
import { evaluateBlockedSpikeRule } from "./blocked-spike";
import type { AlertMatch, ConversationFact, EventFact, MessageFact } from "./facts";
import { evaluateFloodingRule } from "./flooding";
import { evaluateMessageSizeEvents, evaluateMessageSizeRule } from "./message-size";
import { evaluateQuotaRule, type QuotaInput } from "./quota";
import { evaluateRepetitionRule } from "./repetition";
import { evaluateRoundLimitRule } from "./round-limit";
import { evaluateThreatRule } from "./threat";

export interface RuleMatch {
  rule: EvaluableRule;
  match: AlertMatch;
}

export interface MessageBatch {
  conversation: ConversationFact;
  previousTotal: number;
  /** Earlier messages: those the flooding and repetition look-backs need (a superset is fine). */
  prior: MessageFact[];
  fresh: MessageFact[];
  senderTotals: Map<string, number> | null;
}

export function evaluateMessageBatch(rules: readonly EvaluableRule[], batch: MessageBatch): RuleMatch[] {
  if (batch.fresh.length === 0) return [];
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    const inScope = agentMatcher(rule.agentPattern);
    let matches: AlertMatch[] = [];
    if (rule.type === "flooding") matches = evaluateFloodingRule(rule.params, { ...batch, inScope });
    else if (rule.type === "repetition") matches = evaluateRepetitionRule(rule.params, { ...batch, inScope });
    else if (rule.type === "round_limit") matches = evaluateRoundLimitRule(rule.params, { ...batch, inScope });
    else if (rule.type === "message_size") matches = evaluateMessageSizeRule(rule.params, { ...batch, inScope });
    for (const match of matches) out.push({ rule, match });
  }
  return out;
}

export interface EventBatch {
  /** Blocked events stored before this batch, within the blocked-spike look-back. */
  priorBlocked: EventFact[];
  fresh: EventFact[];
  /** Subjects whose look-back stopped at its row limit (see BlockedSpikeInput). */
  truncated?: ReadonlySet<string>;
}

export function evaluateEventBatch(rules: readonly EvaluableRule[], batch: EventBatch): RuleMatch[] {
  if (batch.fresh.length === 0) return [];
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    const inScope = agentMatcher(rule.agentPattern);
    let matches: AlertMatch[] = [];
    if (rule.type === "blocked_spike") {
      matches = evaluateBlockedSpikeRule(rule.params, { prior: batch.priorBlocked, fresh: batch.fresh, inScope, truncated: batch.truncated });
    }
    else if (rule.type === "threat") matches = evaluateThreatRule(rule.params, { fresh: batch.fresh, inScope });
    else if (rule.type === "message_size") matches = evaluateMessageSizeEvents(rule.params, { fresh: batch.fresh, inScope });
    for (const match of matches) out.push({ rule, match });
  }
  return out;
}

export function evaluateQuotaRules(rules: readonly EvaluableRule[], input: QuotaInput): RuleMatch[] {
  return rules.flatMap((rule) => (rule.type === "quota" ? evaluateQuotaRule(rule.params, input).map((match) => ({ rule, match })) : []));
}

/** How far back the message look-backs reach, over the given rules. */
export function messageLookback(rules: readonly EvaluableRule[]): { floodingSeconds: number; repetitionMessages: number } {
  let floodingSeconds = 0;
  let repetitionMessages = 0;
  for (const rule of rules) {
    if (rule.type === "flooding") floodingSeconds = Math.max(floodingSeconds, rule.params.windowSeconds);
    if (rule.type === "repetition") repetitionMessages = Math.max(repetitionMessages, rule.params.lookbackMessages);
  }
  return { floodingSeconds, repetitionMessages };
}
