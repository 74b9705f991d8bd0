// Necessary literals of a regex: a set of strings such that every match of the regex
// contains at least one of them (ASCII case-insensitively). rules.ts feeds them to the
// keyword prefilter, so a rule's regex is not run on a window that holds none of them:
// it could not match there, and skipping it changes no result, only the time spent.
//
// The analysis is conservative: any construct it does not model (classes, wildcards,
// backreferences, optional parts) contributes no literal, and a regex for which it finds
// no good literal set gets null (always run). Lookarounds and anchors consume nothing,
// so literal characters on either side of them are still adjacent in every match.

const MIN_LITERAL = 3;
/**
 * Leading literals only ever decide where a regex is tried (see rules.ts), so a frequent
 * two-letter start ("do", "to") costs a few tried positions, not a search of the window.
 */
const MIN_LEADING_LITERAL = 2;
/**
 * Not worth it as leading literals: words found in nearly every sentence (also inside longer
 * words: "to" in "token"), whose hits would cost the keyword pass more than trying the rule
 * at them saves.
 */
const COMMON_WORDS = new Set("a an as at be by do go he if in is it me my no of on or so to up us we the and for you your all any not with this that from has have are was were can will one our out how who what when she his her its they them but".split(" "));
const MAX_LITERAL = 32;
const MAX_LITERALS = 64;

/** null: no requirement known; otherwise every match contains one of the strings. */
type Req = string[] | null;

/** Best of two requirements: the one whose shortest string is longest (rarer hits). */
function better(a: Req, b: Req): Req {
  if (!a) return b;
  if (!b) return a;
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  if (la !== lb) return la > lb ? a : b;
  return a.length <= b.length ? a : b;
}

class Parser {
  private i = 0;
  /**
   * lead: compute strings one of which every match STARTS with (at the match index, after
   * zero-width assertions) instead of strings every match contains.
   */
  constructor(
    private readonly src: string,
    private readonly lead = false,
    private readonly skipSpaces = false,
  ) {}

  parse(): Req {
    const r = this.alternation();
    if (this.i !== this.src.length) throw new Error("unbalanced");
    return r;
  }

  private alternation(): Req {
    const alts: Req[] = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0] ?? null;
    const all = new Set<string>();
    for (const a of alts) {
      if (!a) return null;
      for (const s of a) all.add(s);
    }
    return [...all];
  }

  private sequence(): Req {
    if (this.lead) return this.leadSequence();
    let best: Req = null;
    let run = "";
    const flush = (): void => {
      if (run.length > 0) best = better(best, [run]);
      run = "";
    };
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      const q = this.quantifier();
      if (atom.kind === "zero") continue; // consumes nothing: neighbours stay adjacent
      if (atom.kind === "char" && q.min === 1 && q.max === 1) {
        if (atom.ch.charCodeAt(0) < 128) run += atom.ch;
        else flush();
        continue;
      }
      flush();
      if (q.min >= 1) best = better(best, atom.kind === "char" ? (atom.ch.charCodeAt(0) < 128 ? [atom.ch] : null) : atom.kind === "group" ? atom.req : null);
    }
    flush();
    return best;
  }

  /**
   * Lead mode: the literal characters at the start of the sequence (zero-width assertions
   * skipped), or the leading strings of a first group that occurs at least once; null when
   * the sequence can start otherwise (a class, an optional part, a non-ASCII character).
   * The rest of the sequence is still parsed (the parser must reach its end).
   */
  private leadSequence(): Req {
    let run = "";
    let res: Req | undefined;
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      const q = this.quantifier();
      // (With skipSpaces the keyword automaton does not see spaces: an optional one is skipped.)
      if (res !== undefined || atom.kind === "zero" || (this.skipSpaces && atom.kind === "char" && atom.ch === " " && q.min === 0)) continue;
      if (atom.kind === "char" && atom.ch.charCodeAt(0) < 128 && q.min >= 1) {
        run += atom.ch;
        if (q.max === 1) continue;
        res = [run];
      } else if (run.length > 0) res = [run];
      else res = atom.kind === "group" && q.min >= 1 ? atom.req : null;
    }
    return res !== undefined ? res : run.length > 0 ? [run] : null;
  }

  private quantifier(): { min: number; max: number } {
    const c = this.src[this.i];
    let q: { min: number; max: number } | null = null;
    if (c === "*") q = { min: 0, max: Infinity };
    else if (c === "+") q = { min: 1, max: Infinity };
    else if (c === "?") q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === "{") {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return { min: 1, max: 1 }; // a literal "{" (read by the next atom)
      this.i += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] ? (m[3] ? Number(m[3]) : Infinity) : min };
    } else return { min: 1, max: 1 };
    if (this.src[this.i] === "?") this.i++; // lazy
    return q;
  }

  private atom(): { kind: "char"; ch: string } | { kind: "zero" } | { kind: "other" } | { kind: "group"; req: Req } {
    const s = this.src;
    const c = s[this.i++] ?? "";
    if (c === "^" || c === "$") return { kind: "zero" };
    if (c === ".") return { kind: "other" };
    if (c === "[") {
      // Character class: skipped (escapes inside honoured; "]" first closes an empty class).
      while (this.i < s.length && s[this.i] !== "]") this.i += s[this.i] === "\\" ? 2 : 1;
      if (this.i >= s.length) throw new Error("unclosed class");
      this.i++;
      return { kind: "other" };
    }
    if (c === "(") {
      let look = false;
      if (s[this.i] === "?") {
        const head = s.slice(this.i, this.i + 3);
        if (head.startsWith("?:")) this.i += 2;
        else if (head.startsWith("?=") || head.startsWith("?!")) {
          this.i += 2;
          look = true;
        } else if (head === "?<=" || head === "?<!") {
          this.i += 3;
          look = true;
        } else if (head.startsWith("?<")) {
          const end = s.indexOf(">", this.i);
          if (end < 0) throw new Error("bad group name");
          this.i = end + 1;
        } else throw new Error("unsupported group");
      }
      const req = this.alternation();
      if (s[this.i] !== ")") throw new Error("unclosed group");
      this.i++;
      return look ? { kind: "zero" } : { kind: "group", req };
    }
    if (c === "\\") return this.escape();
    if (c === ")" || c === "|" || c === "*" || c === "+" || c === "?") throw new Error("unexpected " + c);
    return { kind: "char", ch: c };
  }

  private escape(): { kind: "char"; ch: string } | { kind: "zero" } | { kind: "other" } {
    const s = this.src;
    const c = s[this.i++] ?? "";
    if (c === "b" || c === "B") return { kind: "zero" };
    if ("dDwWsSpPk".includes(c) || (c >= "0" && c <= "9")) {
      // Classes, Unicode properties, backreferences (possibly empty), NUL: not literal.
      if ((c === "p" || c === "P" || c === "k") && (s[this.i] === "{" || s[this.i] === "<")) {
        const end = s.indexOf(c === "k" ? ">" : "}", this.i);
        if (end < 0) throw new Error("bad escape");
        this.i = end + 1;
      }
      // Multi-digit backreferences and octal escapes: the whole number.
      if (c >= "0" && c <= "9") while (this.i < s.length && (s[this.i] ?? "") >= "0" && (s[this.i] ?? "") <= "9") this.i++;
      return { kind: "other" };
    }
    if (c === "x" && /^[0-9A-Fa-f]{2}/.test(s.slice(this.i, this.i + 2))) {
      this.i += 2;
      return { kind: "char", ch: String.fromCharCode(parseInt(s.slice(this.i - 2, this.i), 16)) };
    }
    // Rare forms (\uXXXX, \u{X}, \cX): not modelled, but their operand is consumed so
    // it is not read as literal characters.
    if (c === "u") {
      const m = /^(?:[0-9A-Fa-f]{4}|\{[0-9A-Fa-f]+\})/.exec(s.slice(this.i));
      if (m) this.i += m[0].length;
      return { kind: "other" };
    }
    if (c === "c") {
      if (/^[A-Za-z]/.test(s.slice(this.i, this.i + 1))) this.i++;
      return { kind: "other" };
    }
    if (c === "x") return { kind: "other" };
    const named: Record<string, string> = { n: "\n", r: "\r", t: "\t", v: "\v", f: "\f" };
    return { kind: "char", ch: named[c] ?? c };
  }
}

/**
 * Strings one of which every match of re contains (compared ASCII case-insensitively),
 * each at least MIN_LITERAL characters long, or null when no such set was found.
 */
export function requiredLiterals(re: RegExp): string[] | null {
  return literals(re, false);
}

/**
 * Strings one of which every match of re starts with, at the match's index (compared ASCII
 * case-insensitively), each at least MIN_LEADING_LITERAL characters long and none of them a
 * common word, or null when no such set is known. skipSpaces: for the words view (an optional
 * space does not end the string).
 */
export function leadingLiterals(re: RegExp, skipSpaces = false): string[] | null {
  return literals(re, true, skipSpaces);
}

function literals(re: RegExp, lead: boolean, skipSpaces = false): string[] | null {
  // Unicode case folding matches "ſ" for "s" and the Kelvin sign for "k": not an ASCII
  // case-insensitive comparison, so such regexes are not analysed.
  if (re.flags.includes("i") && (re.flags.includes("u") || re.flags.includes("v"))) return null;
  let req: Req;
  try {
    req = new Parser(re.source, lead, skipSpaces).parse();
  } catch {
    return null;
  }
  if (!req || req.length === 0 || req.length > MAX_LITERALS) return null;
  if (req.some((s) => s.length < (lead ? MIN_LEADING_LITERAL : MIN_LITERAL))) return null;
  if (lead && req.some((s) => COMMON_WORDS.has(s.trim().toLowerCase()))) return null;
  // A prefix of a required string is required too: long literals are cut to the
  // prefilter's keyword limit.
  return [...new Set(req.map((s) => s.slice(0, MAX_LITERAL)))];
}
