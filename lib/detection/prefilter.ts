// One combined keyword prefilter (Aho-Corasick automaton) that decides which rules run
// at all and where. Every rule set lists trigger keywords; all keywords of a view kind
// (clean or words) are compiled into ONE automaton at module load, and a scan is a
// single linear pass over the text: one table lookup per character, no regex, no
// allocation except for hits. A rule's detailed regexes then run only in windows around
// its own keyword hits, so benign text that never mentions e.g. "socket" or "AKIA" pays
// for nothing but that pass.
//
// Matching is ASCII case-insensitive; keywords flagged `cs` are verified case-sensitively
// on the original text after a hit, `wb` / `we` require a word boundary before / after.

export interface KeywordSpec {
  kw: string;
  /** Verify case-sensitively (the keyword as written) after a case-insensitive hit. */
  cs?: boolean;
  /** Require a non-word character (or text start) before the keyword. */
  wb?: boolean;
  /** Require a non-word character (or text end) after the keyword. */
  we?: boolean;
}

export type Keyword = string | KeywordSpec;

/** Parses "\\bword\\b" style shorthands: a leading/trailing "\\b" sets wb/we. */
export function spec(k: Keyword): KeywordSpec {
  if (typeof k !== "string") return k;
  let kw = k;
  let wb = false;
  let we = false;
  if (kw.startsWith("\\b")) {
    wb = true;
    kw = kw.slice(2);
  }
  if (kw.endsWith("\\b")) {
    we = true;
    kw = kw.slice(0, -2);
  }
  return { kw, wb, we };
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

interface Entry {
  kw: string;
  len: number;
  group: number;
  cs: boolean;
  wb: boolean;
  we: boolean;
}

/** Per group: merged [start, end) windows, or null when the group had no hit. */
export type Windows = (number[] | null)[];

/** Skip mode's ring of the last 64 fed positions (scans never overlap: one buffer). */
const RING = new Int32Array(64);

/** Past this many windows in one group the text is searched whole. */
const MAX_WINDOWS = 2048;

// An output's checks (Entry's wb, we, cs) as bits.
const WB = 1;
const WE = 2;
const CS = 4;

/** Moves the last window's start back to ws, merging the windows it now reaches. */
function widenBack(w: number[], ws: number): void {
  let k = w.length - 2;
  w[k] = ws;
  while (k >= 2 && (w[k - 1] as number) >= ws) {
    w[k - 2] = Math.min(w[k - 2] as number, ws);
    w[k - 1] = Math.max(w[k - 1] as number, w[k + 1] as number);
    w.length = k;
    k -= 2;
  }
}

export class Prefilter {
  private readonly classes = new Uint8Array(128);
  private readonly nClasses: number;
  private readonly delta: Int32Array;
  /**
   * Outputs of state s: slots outStart[s] .. outStart[s + 1] - 1, each an entry's group, length,
   * check bits (WB | WE | CS), window reach before and after the hit and (for CS) keyword. Parallel typed arrays, not
   * entry objects: a scan of ordinary text emits a few hundred outputs, and reading them from
   * scattered objects cost more than the automaton's own pass.
   */
  private readonly outStart: Int32Array;
  private readonly outGroup: Int32Array;
  private readonly outLen: Int32Array;
  private readonly outFlags: Uint8Array;
  private readonly outBefore: Int32Array;
  private readonly outAfter: Int32Array;
  private readonly outKw: string[];
  readonly groups: number;

  private readonly skipSpaces: boolean;

  /**
   * groups[g] = keywords of group g; radius[g] = characters searched on each side of a
   * hit, or before[g] before it where given. With skipSpaces (for the words view) spaces are not fed to the automaton, so
   * "you are now" also matches "youarenow" (words-view patterns make spaces optional);
   * keywords are then given with spaces for readability and matched without them.
   */
  constructor(groups: Keyword[][], radius: number[], skipSpaces = false, before: (number | undefined)[] = []) {
    this.groups = groups.length;
    this.skipSpaces = skipSpaces;
    const entries: Entry[] = [];
    groups.forEach((list, g) => {
      for (const k of list) {
        const s = { ...spec(k) };
        if (skipSpaces) s.kw = s.kw.replace(/ /g, "");
        if (s.kw.length === 0) continue;
        if (s.kw.length > 64) throw new Error(`prefilter keyword too long: ${s.kw}`);
        if (skipSpaces && s.cs) throw new Error("case-sensitive keywords need skipSpaces=false");
        entries.push({ kw: s.kw, len: s.kw.length, group: g, cs: !!s.cs, wb: !!s.wb, we: !!s.we });
      }
    });
    // Alphabet: every (lower-cased) ASCII character used by a keyword gets a class;
    // everything else (other ASCII, non-ASCII) is class 0.
    let nc = 1;
    for (const e of entries) {
      for (let i = 0; i < e.kw.length; i++) {
        let c = e.kw.charCodeAt(i);
        if (c >= 128) throw new Error(`prefilter keyword must be ASCII: ${e.kw}`);
        if (c >= 65 && c <= 90) c |= 0x20;
        if (this.classes[c] === 0) this.classes[c] = nc++;
      }
    }
    for (let c = 65; c <= 90; c++) this.classes[c] = this.classes[c | 0x20] ?? 0;
    // Skip mode: the space gets a class of its own whose transitions stay in place, so the
    // hot loop feeds every character without a (mispredicted) branch on spaces.
    const spaceClass = skipSpaces ? nc++ : -1;
    if (skipSpaces) this.classes[32] = spaceClass;
    this.nClasses = nc;
    // Trie.
    const next: Map<number, number>[] = [new Map()];
    const outs: number[][] = [[]];
    entries.forEach((e, idx) => {
      let s = 0;
      for (let i = 0; i < e.kw.length; i++) {
        let c = e.kw.charCodeAt(i);
        if (c >= 65 && c <= 90) c |= 0x20;
        const cl = this.classes[c] ?? 0;
        let t = next[s]?.get(cl);
        if (t === undefined) {
          t = next.length;
          next.push(new Map());
          outs.push([]);
          next[s]?.set(cl, t);
        }
        s = t;
      }
      outs[s]?.push(idx);
    });
    // Breadth-first failure links, folded into a full transition table (a DFA).
    const n = next.length;
    const delta = new Int32Array(n * nc);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < nc; c++) {
      const t = next[0]?.get(c);
      if (t !== undefined) {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q] ?? 0;
      const f = fail[s] ?? 0;
      outs[s]?.push(...(outs[f] ?? []));
      for (let c = 0; c < nc; c++) {
        const t = next[s]?.get(c);
        if (t !== undefined) {
          delta[s * nc + c] = t;
          fail[t] = delta[f * nc + c] ?? 0;
          queue.push(t);
        } else {
          delta[s * nc + c] = delta[f * nc + c] ?? 0;
        }
      }
    }
    // Renumber states breadth-first: the shallow states, where ordinary text keeps the
    // automaton, get adjacent rows of the table (fewer cache lines in use). Then
    // pre-multiply targets by the alphabet size (no multiply in the hot loop) and make
    // the targets that have outputs negative: the hot loop tests the sign of the value
    // it just loaded instead of loading from a second (cache-hungry) table.
    const order = [0, ...queue];
    const rank = new Int32Array(n);
    order.forEach((old, i) => (rank[old] = i));
    const table = new Int32Array(n * nc);
    for (let s = 0; s < n; s++) {
      const row = (rank[s] ?? 0) * nc;
      for (let c = 0; c < nc; c++) {
        const t = c === spaceClass ? s : (delta[s * nc + c] ?? 0);
        const v = (rank[t] ?? 0) * nc;
        table[row + c] = c !== spaceClass && (outs[t]?.length ?? 0) > 0 ? -v : v;
      }
    }
    this.delta = table;
    this.outStart = new Int32Array(n + 1);
    const flat: Entry[] = [];
    for (let r = 0; r < n; r++) {
      this.outStart[r] = flat.length;
      for (const o of outs[order[r] ?? 0] ?? []) flat.push(entries[o]!);
    }
    this.outStart[n] = flat.length;
    this.outGroup = Int32Array.from(flat, (e) => e.group);
    this.outLen = Int32Array.from(flat, (e) => e.len);
    this.outFlags = Uint8Array.from(flat, (e) => (e.wb ? WB : 0) | (e.we ? WE : 0) | (e.cs ? CS : 0));
    this.outAfter = Int32Array.from(flat, (e) => radius[e.group] ?? 0);
    this.outBefore = Int32Array.from(flat, (e) => before[e.group] ?? radius[e.group] ?? 0);
    this.outKw = flat.map((e) => e.kw);
  }

  /** One pass over text: merged windows per group around verified keyword hits. */
  scan(text: string): Windows {
    const res: Windows = new Array<number[] | null>(this.groups).fill(null);
    const delta = this.delta;
    const classes = this.classes;
    const n = text.length;
    let s = 0;
    if (!this.skipSpaces) {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        s = delta[s + (c < 128 ? (classes[c] as number) : 0)] as number;
        if (s < 0) {
          s = -s;
          this.emit(res, text, s, i, i + 1);
        }
      }
      return res;
    }
    // Skip mode: spaces are not fed; the last 64 fed positions locate a hit's start.
    const ring = RING;
    let fed = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      // A space is written to the ring but not counted: the next character overwrites it.
      ring[fed & 63] = i;
      fed += c === 32 ? 0 : 1;
      s = delta[s + (c < 128 ? (classes[c] as number) : 0)] as number;
      if (s < 0) {
        s = -s;
        this.emit(res, text, s, i, -1, ring, fed);
      }
    }
    return res;
  }

  private emit(res: Windows, text: string, sPre: number, i: number, _end: number, ring?: Int32Array, fed = 0): void {
    const st = (sPre / this.nClasses) | 0;
    const o1 = this.outStart[st + 1] as number;
    const n = text.length;
    for (let k = this.outStart[st] as number; k < o1; k++) {
      const g = this.outGroup[k] as number;
      let w = res[g] ?? null;
      if (w !== null && w.length === 2 && w[0] === 0 && w[1] === n) continue;
      const len = this.outLen[k] as number;
      const start = ring ? (ring[(fed - len) & 63] as number) : i + 1 - len;
      const flags = this.outFlags[k] as number;
      if (flags !== 0) {
        if (flags & WB && start > 0 && isWord(text.charCodeAt(start - 1))) continue;
        if (flags & WE && i + 1 < n && isWord(text.charCodeAt(i + 1))) continue;
        if (flags & CS && !text.startsWith(this.outKw[k] as string, start)) continue;
      }
      const rb = this.outBefore[k] as number;
      const ra = this.outAfter[k] as number;
      const ws = start > rb ? start - rb : 0;
      const we = i + 1 + ra < n ? i + 1 + ra : n;
      if (w === null) {
        res[g] = [ws, we];
        continue;
      }
      const last = w.length - 1;
      if (ws <= (w[last] as number)) {
        if (we > (w[last] as number)) w[last] = we;
        // A keyword that ends here may start before the last window did (a long keyword
        // containing a shorter one that was reported first): the windows start at every
        // hit's start, so that literal windows give exact match positions (rules.ts).
        if (ws < (w[last - 1] as number)) widenBack(w, ws);
      } else if (w.length >= MAX_WINDOWS * 2) {
        w = [0, n];
        res[g] = w;
      } else w.push(ws, we);
    }
  }
}
