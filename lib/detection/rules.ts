// Shared machinery for regex rules: prefiltering, windowing and turning matches into
// findings.
//
// Speed: every rule set lists literal trigger keywords (optionally per rule). All rule
// sets of one view kind are compiled into ONE keyword automaton (prefilter.ts), so a scan
// makes a single linear pass over the text to find out which rules can match at all and
// where; detailed rules then run only in windows around their own keyword hits.
// Safety: every detailed pattern uses bounded quantifiers, and windows bound the input
// each pattern sees, so there is no catastrophic backtracking on hostile input.

import { leadingLiterals, requiredLiterals } from "./literals";
import { toOriginal, type View } from "./normalize";
import { Prefilter, spec, type Keyword, type Windows } from "./prefilter";
import type { Category, Finding, Severity } from "./types";

export type { Keyword } from "./prefilter";

export interface Rule {
  id: string;
  severity: Severity;
  score: number;
  /** Must have the global flag. */
  re: RegExp;
  explanation: string;
  /** Trigger keywords of this rule alone (defaults to the rule set's keywords). */
  keywords?: Keyword[];
  /**
   * With `keywords`: every match starts at most this many characters before a keyword hit, so
   * its windows reach that far back only (the set's window still applies after the hit).
   */
  before?: number;
  /**
   * Optional validation on the match (checksums, entropy, placeholders).
   * Return false to reject, a number to override the score, or a [start, end)
   * sub-range (relative to the window) to narrow the span, with a score.
   */
  check?: (m: RegExpExecArray) => boolean | number | { score: number; start: number; end: number };
}

export interface RuleSet {
  category: Category;
  /**
   * Trigger keywords: every text a rule of this set can match contains one of them
   * (ASCII case-insensitive; see prefilter.ts for the cs/wb/we flags). null runs the
   * rules on the whole view.
   */
  keywords: Keyword[] | null;
  /** Characters searched on each side of a keyword hit. */
  window: number;
  rules: Rule[];
}

const MAX_HITS_PER_RULE = 32;
/**
 * Regex matches one rule may examine per view (matches its check() rejects included):
 * bounds the cost of hostile text made of near-miss matches. Same documented limit as
 * GROUP_BUDGET_CHARS: past it, that rule stops looking in this view.
 */
const MAX_MATCHES_PER_RULE = 512;
/**
 * Characters of keyword windows one group's regexes may search per view. Benign
 * messages use a tiny fraction; it bounds hostile inputs dense with near-miss keywords
 * (a megabyte of "curl ... nc -l ...") to linear time with a small constant. Windows past
 * the budget are not searched (documented limit: an attack placed after >64 KB of
 * keyword-dense padding in one message can be missed by that rule group).
 */
export const GROUP_BUDGET_CHARS = 64 * 1024;
/** Extra characters around a keyword hit, on top of the set's window. */
const MARGIN = 32;

export function explain(base: string, v: View): string {
  return v.via ? `${base} (found in ${v.via}-decoded payload)` : base;
}

export function pushFinding(
  out: Finding[],
  category: Category,
  rule: string,
  severity: Severity,
  score: number,
  v: View,
  s: number,
  e: number,
  explanation: string,
): void {
  out.push({
    category,
    rule,
    severity,
    score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000,
    span: toOriginal(v, s, e),
    explanation: explain(explanation, v),
  });
}

interface Group {
  category: Category;
  rules: Rule[];
  /**
   * Per rule: index of the prefilter group holding the rule's required literals (see
   * literals.ts), or -1 when none are known. A window in which no required literal of a
   * rule occurs cannot contain a match of it, so the rule is not run there.
   */
  literalGroups: number[];
  /**
   * Per rule: where its matches can start (see Lead), or null. The rule's regex is then tried
   * only there instead of being searched through the whole window.
   */
  leads: (Lead | null)[];
}

/** The strings every match of a rule starts with (literals.ts), and how runAtLeads uses them. */
interface Lead {
  /** Prefilter group of the strings: their hits are the positions to try. */
  group: number;
  /** The rule's regex, sticky: tried at one position. */
  sticky: RegExp;
  /** Per ASCII code: 1 when one of the strings starts with that character (either case). */
  first: Uint8Array;
}

/** Past this length a merged window of leading-literal hits holds several of them: searched, not tried per position. */
const DENSE_LEADS = 32;

/** Rule sets of one view kind, compiled into a single prefilter. */
export class CompiledRules {
  private readonly pf: Prefilter;
  private readonly groups: Group[];
  private readonly always: Group[];

  /** Index of the first extra keyword group (see constructor). */
  readonly extraBase: number;

  /**
   * extra: additional keyword groups scanned in the same pass (for detectors that are
   * not rule sets, e.g. jailbreak cue clustering); their windows are returned by
   * prefilter() at indices extraBase + i.
   */
  constructor(sets: RuleSet[], skipSpaces = false, extra: { keywords: Keyword[]; radius: number }[] = []) {
    const groups: Group[] = [];
    const keywords: Keyword[][] = [];
    const radius: number[] = [];
    const before: (number | undefined)[] = [];
    this.always = [];
    for (const set of sets) {
      const shared: Rule[] = [];
      for (const rule of set.rules) {
        if (rule.keywords) {
          groups.push({ category: set.category, rules: [rule], literalGroups: [], leads: [] });
          keywords.push(rule.keywords);
          radius.push(set.window + MARGIN);
          before[keywords.length - 1] = rule.before === undefined ? undefined : rule.before + MARGIN;
        } else shared.push(rule);
      }
      if (shared.length === 0) continue;
      if (set.keywords === null) this.always.push({ category: set.category, rules: shared, literalGroups: [], leads: [] });
      else {
        groups.push({ category: set.category, rules: shared, literalGroups: [], leads: [] });
        keywords.push(set.keywords);
        radius.push(set.window + MARGIN);
      }
    }
    this.groups = groups;
    this.extraBase = groups.length;
    for (const x of extra) {
      keywords.push(x.keywords);
      radius.push(x.radius);
    }
    // Required and leading literals ride along in the same automaton pass (radius 0: their
    // own hits), one group per distinct set. Required literals are left out where they cannot
    // reject a window: when every keyword of the group contains one of them, every window
    // (built around a keyword hit) does too; and where the rule has leading literals, which
    // are required literals as well (every match starts with one).
    const norm = (s: string): string => (skipSpaces ? s.replace(/ /g, "") : s).toLowerCase();
    const literalGroup = new Map<string, number>();
    const groupOf = (lits: string[]): number => {
      const key = [...new Set(lits)].sort().join("\n");
      let at = literalGroup.get(key);
      if (at === undefined) {
        at = keywords.length;
        literalGroup.set(key, at);
        // As specs, so a literal starting or ending with a backslash and "b" is not read as
        // a word-boundary shorthand.
        keywords.push(lits.map((kw) => ({ kw })));
        radius.push(0);
      }
      return at;
    };
    const groupKeywords = [...groups.map((_, i) => keywords[i] ?? []), ...this.always.map(() => null)];
    [...groups, ...this.always].forEach((g, gi) => {
      const kws = groupKeywords[gi]?.map((k) => norm(spec(k).kw)) ?? null;
      for (const rule of g.rules) {
        // (An empty literal, e.g. spaces only in the words view, would match nowhere.)
        const lead = leadingLiterals(rule.re, skipSpaces)?.map(norm) ?? null;
        if (lead && lead.every((l) => l.length > 0)) {
          const first = new Uint8Array(128);
          for (const l of lead) {
            const ch = l.charCodeAt(0);
            first[ch] = 1;
            first[String.fromCharCode(ch).toUpperCase().charCodeAt(0) & 127] = 1;
          }
          g.leads.push({ group: groupOf(lead), sticky: new RegExp(rule.re.source, rule.re.flags.replace("g", "") + "y"), first });
          g.literalGroups.push(-1);
          continue;
        }
        g.leads.push(null);
        const lits = requiredLiterals(rule.re)?.map(norm) ?? null;
        if (lits && lits.every((l) => l.length > 0) && !(kws && kws.every((k) => lits.some((l) => k.includes(l))))) g.literalGroups.push(groupOf(lits));
        else g.literalGroups.push(-1);
      }
    });
    this.pf = new Prefilter(keywords, radius, skipSpaces, before);
  }

  /**
   * Keyword windows of the view (one pass); pass them to run(). Rule groups first, then the
   * extra groups (from extraBase), then the rules' required literals, which only run() reads
   * (handed out as they are: copying the public part cost an allocation per view).
   */
  prefilter(v: View): Windows {
    return this.pf.scan(v.text);
  }

  run(v: View, out: Finding[], windows: Windows = this.prefilter(v)): void {
    const all = windows.length === this.pf.groups ? windows : null;
    for (const g of this.always) runRules(g, v, [0, v.text.length], out, all);
    for (let i = 0; i < this.groups.length; i++) {
      const w = windows[i];
      const g = this.groups[i];
      if (w && g) runRules(g, v, w, out, all);
    }
  }
}

/**
 * Whether literal windows lw (sorted [start, end) pairs, scanned from pair pos[at] on)
 * overlap [ws, we); advances pos[at] past pairs that end before ws (windows come in order).
 */
function literalIn(lw: number[], pos: Int32Array, at: number, ws: number, we: number): boolean {
  let p = pos[at] ?? 0;
  while (p < lw.length && (lw[p + 1] ?? 0) <= ws) p += 2;
  pos[at] = p;
  return p < lw.length && (lw[p] ?? 0) < we;
}

let counters = new Int32Array(256);

function runRules(group: Group, v: View, windows: number[], out: Finding[], all: Windows | null): void {
  const { category, rules } = group;
  const text = v.text;
  // Per rule: findings so far, matches examined, position in its literal windows, position in
  // its leading-literal windows. One reused buffer (runRules never re-enters), as a scan calls
  // this for dozens of groups.
  const nr = rules.length;
  if (counters.length < 4 * nr) counters = new Int32Array(4 * nr);
  counters.fill(0, 0, 4 * nr);
  const c = counters;
  let budget = GROUP_BUDGET_CHARS;
  for (let k = 0; k < windows.length && budget > 0; k += 2) {
    const ws = windows[k] ?? 0;
    const we = Math.min(windows[k + 1] ?? 0, ws + budget);
    budget -= we - ws;
    let sub: string | null = null;
    for (let ri = 0; ri < rules.length; ri++) {
      const rule = rules[ri];
      if (!rule) continue;
      let n = c[ri] ?? 0;
      if (n >= MAX_HITS_PER_RULE || (c[nr + ri] ?? 0) >= MAX_MATCHES_PER_RULE) continue;
      const lead = all ? (group.leads[ri] ?? null) : null;
      if (all && lead) {
        const lw = all[lead.group];
        if (lw && literalIn(lw, c, 3 * nr + ri, ws, we)) {
          sub ??= ws === 0 && we === text.length ? text : text.slice(ws, we);
          n = runAtLeads(rule, lead, lw, c[3 * nr + ri] ?? 0, sub, ws, n, c, nr + ri, category, v, out);
        }
        c[ri] = n;
        continue;
      }
      const lg = group.literalGroups[ri] ?? -1;
      if (all && lg >= 0) {
        // Every match contains a required literal, wholly inside the window.
        const lw = all[lg];
        if (!lw || !literalIn(lw, c, 2 * nr + ri, ws, we)) continue;
      }
      sub ??= ws === 0 && we === text.length ? text : text.slice(ws, we);
      const re = rule.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(sub)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if ((c[nr + ri] = (c[nr + ri] ?? 0) + 1) > MAX_MATCHES_PER_RULE) break;
        if (judge(rule, m, category, v, ws, out) && ++n >= MAX_HITS_PER_RULE) break;
      }
      c[ri] = n;
    }
  }
}

/**
 * The matches of `rule` in sub (the window starting at ws), looked for only where its
 * leading-literal windows lw (from pair p on) are, since every match starts in one
 * (literals.ts): the same matches, in the same order, as searching the window with the rule's
 * global regex, which tries every position. A short window (one hit, or a few) is tried at
 * each position whose character can start a literal; a long one (hits packed together, as in
 * hostile text) is searched from its start like the global regex does, which costs less than a
 * call per position. c[examined] counts the matches looked at (MAX_MATCHES_PER_RULE). Returns
 * the rule's finding count, n before.
 */
function runAtLeads(rule: Rule, lead: Lead, lw: number[], p: number, sub: string, ws: number, n: number, c: Int32Array, examined: number, category: Category, v: View, out: Finding[]): number {
  const we = ws + sub.length;
  const { sticky, first } = lead;
  // Where the next match may start (the global search's lastIndex, as a text offset).
  let at = ws;
  for (;;) {
    while (p < lw.length && (lw[p + 1] ?? 0) <= at) p += 2;
    if (at >= we || p >= lw.length || (lw[p] ?? 0) >= we) return n;
    const from = Math.max(lw[p] ?? 0, at);
    const to = Math.min(lw[p + 1] ?? 0, we);
    let m: RegExpExecArray | null = null;
    if (to - from > DENSE_LEADS) {
      rule.re.lastIndex = from - ws;
      m = rule.re.exec(sub);
      if (m === null) return n;
    } else {
      for (let x = from; x < to && m === null; x++) {
        const ch = sub.charCodeAt(x - ws);
        if (ch >= 128 || first[ch] === 0) continue;
        sticky.lastIndex = x - ws;
        m = sticky.exec(sub);
      }
      if (m === null) {
        at = to;
        continue;
      }
    }
    // (Never empty: a match starts with a literal.)
    at = ws + m.index + Math.max(1, m[0].length);
    if (m[0].length === 0) continue;
    if ((c[examined] = (c[examined] ?? 0) + 1) > MAX_MATCHES_PER_RULE) return n;
    if (judge(rule, m, category, v, ws, out) && ++n >= MAX_HITS_PER_RULE) return n;
  }
}

/** Applies the rule's check() to match m of the window starting at ws; true when it made a finding. */
function judge(rule: Rule, m: RegExpExecArray, category: Category, v: View, ws: number, out: Finding[]): boolean {
  let score = rule.score;
  let s = m.index;
  let e = m.index + m[0].length;
  if (rule.check) {
    const r = rule.check(m);
    if (r === false) return false;
    if (typeof r === "number") score = r;
    else if (typeof r === "object") {
      score = r.score;
      s = r.start;
      e = r.end;
    }
  }
  pushFinding(out, category, rule.id, rule.severity, score, v, ws + s, ws + e, rule.explanation);
  return true;
}

/**
 * check() that lets a match off when the n characters before it end with what `before` (anchored
 * with `$`) describes: the words that make the match a mention, a use or a configuration rather
 * than the behaviour the rule is about.
 */
export function notPrecededBy(before: RegExp, n: number): (m: RegExpExecArray) => boolean {
  const re = new RegExp(before.source, before.flags.replace("g", "").replace("y", ""));
  return (m) => !re.test(m.input.slice(Math.max(0, m.index - n), m.index));
}

/**
 * check() for "A, then B within n characters": the rule's regex matches A only, and B
 * is searched once per A match in the n (+ slack) characters after it. A lazy gap
 * (`A[\s\S]{0,n}?B`) is retried in full at every A that fails, which hostile text full
 * of A costs O(count x n) regex steps; here the cost is bounded by the examined-match
 * limit (MAX_MATCHES_PER_RULE) times one bounded search.
 */
export function followedBy(after: RegExp, n: number, score: number, slack = 200): (m: RegExpExecArray) => false | { score: number; start: number; end: number } {
  const re = new RegExp(after.source, after.flags.replace("g", "").replace("y", ""));
  return (m) => {
    const e = m.index + m[0].length;
    const b = re.exec(m.input.slice(e, e + n + slack));
    return b && b.index <= n ? { score, start: m.index, end: e + b.index + b[0].length } : false;
  };
}

/**
 * check() for "at least `min` DIFFERENT probes within n characters from the match":
 * probes are matched by `probe` (any flags; it is copied with "g"), keyed by keyOf. All
 * probes of a window are found in one pass on the first check and kept for the checks
 * that follow in the same window, so hostile text dense with probes costs one scan of
 * the window, not one n-character scan per match.
 */
export function distinctWithin(
  probe: RegExp,
  n: number,
  min: number,
  score: number,
  keyOf: (match: string) => string,
): (m: RegExpExecArray) => false | { score: number; start: number; end: number } {
  const re = new RegExp(probe.source, probe.flags.includes("g") ? probe.flags : probe.flags + "g");
  let cachedInput: string | null = null;
  let starts: number[] = [];
  let ends: number[] = [];
  let keys: string[] = [];
  return (m) => {
    const input = m.input;
    if (input !== cachedInput) {
      cachedInput = input;
      starts = [];
      ends = [];
      keys = [];
      re.lastIndex = 0;
      let p: RegExpExecArray | null;
      while ((p = re.exec(input)) !== null) {
        if (p[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        starts.push(p.index);
        ends.push(p.index + p[0].length);
        keys.push(keyOf(p[0]));
      }
    }
    // First probe at or after the match (binary search), then walk while inside n.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < m.index) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<string>();
    let end = m.index + m[0].length;
    for (let i = lo; i < starts.length && (starts[i] as number) < m.index + n; i++) {
      seen.add(keys[i] as string);
      end = Math.max(end, ends[i] as number);
    }
    return seen.size >= min ? { score, start: m.index, end } : false;
  };
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Words-view pattern helper: a space in the source means "optional single space". */
export function words(src: string, flags = "g"): RegExp {
  return new RegExp(src.replace(/ /g, " ?"), flags);
}
