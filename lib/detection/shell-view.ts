// Shell de-obfuscation view: undoes the tricks used to slip a command past filters that
// look for words like "cat /etc/passwd" or "curl", so the ordinary code_execution and
// data_exfiltration rules see the command the shell would run:
//   quotes and backslashes inside words   c'a't /e"t"c/pa\ss\wd   -> cat /etc/passwd
//   empty expansions                      who$@ami, w$()hoami, c${u}at -> whoami, cat
//   field separators                      cat${IFS}/etc/passwd, cat$IFS$9x -> cat /etc/passwd
//   brace lists                           {cat,/etc/passwd}       -> cat /etc/passwd
//   ANSI-C quoting                        $'\x63\x61\x74'         -> cat
//   globs over well-known paths           /???/c?t /???/p??s?? /b[i]n/c[a]t -> /bin/cat /etc/passwd /bin/cat
//   printf / echo -e / rev / base64 -d    $(printf '\x63at'), $(rev<<<'tac') -> cat
//   xxd -r -p / tr rot13 substitutions    $(xxd -r -p <<< 636174), $(tr a-z n-za-m <<< png)
//   ${PATH:0:1}                           cat ${HOME:0:1}etc${HOME:0:1}passwd -> cat /etc/passwd
//   variables spliced together            a=c;b=at;$a$b           -> cat
// The view holds only the lines that carry such a marker (cheap regex test per line),
// rewritten; other lines are left out (the clean view covers them), so prose and
// ordinary scripts add nothing new and little cost. Every output character maps back
// to the original text (through the clean view's map), so spans point at what the
// user sees; a replaced construct maps to its whole extent.
//
// Cost: one pass per marked line, with every lookahead bounded (quoted runs, braces,
// substitutions and globs have length caps), and a cap on glob resolutions per view.
// Budget: like the decoder's, the view covers at most MAX_MARKED_CHARS of marked lines
// per scan. Past it the text is still scanned by every other view; only this rewriting
// stops, so a megabyte of evasion markers costs a bounded amount (the 1 MB adversarial
// target), while a real obfuscated command, a few hundred characters, is far inside it.

import { offsetMap } from "./arena";
import type { View } from "./normalize";

// Markers of shell evasion. A backslash counts before letters that are not ordinary string
// escapes (\n, \t, \u...), and an empty `` only inside a word, not as part of a Markdown fence.
// Only ever tested (true or false), never matched for a position: so every alternative starts
// on the rare character it is about (a quote, `$`, a backslash...) and checks what must come
// before it with a lookbehind placed after that character. The engine then skips quickly past
// ordinary prose, where an alternative starting on a letter, or on a lookbehind, is tried at
// every position (per 4 KB of benign text 4.7 us, against 16.5 us before; same answers on the corpus,
// its lines and two million generated strings).
const MARKER = /['"](?<=[\w/]['"])[\w/.-]{0,40}['"]|(?:''|"")(?<=[\w/](?:''|""))|\\(?<=[\w/]\\)[acdeghijklmopqsvwyz/]|\\\n|\$[@*]|\$\(\)|``(?<=[\w/]``)(?!`)|`(?<!``)`[\w/]|\$\{?IFS\b|\$'\\|\/[?*]{2,}|\[(?<=[\w/]\[)[\w!^-]{1,8}\](?=[\w/*?])|\?{2,}|[?*]\/|\{(?<=(?:^|[\s;|&(`])\{)[\w/.$-]{1,40},[\w/.$-]|\$\(\s{0,2}(?:printf|echo|rev)\b|`\s{0,2}(?:printf|echo|rev)\b|<<<(?<=\brev\s{0,2}<<<)|x(?<!\wx)xd\s{1,3}-r\s{1,3}-p\b|-za-m(?<=\btr\s{1,3}['"]?(?:a-z|A-Za-z)['"]?\s{1,3}['"]?(?:n-za-m|N-ZA-Mn-za-m))|\$\{(?:PATH|HOME|PWD|OLDPWD|SHELL):0:1\}|\|\s{0,2}rev\b|\$[A-Za-z_]\w{0,30}\$|\$(?<=[A-Za-z]\$)\{?[A-Za-z_]/;

/** Cheap test: does the text contain any shell evasion marker? */
export function hasShellEvasion(text: string): boolean {
  return MARKER.test(text);
}

// Globs are resolved only against these paths: what evasion payloads reach for.
const KNOWN_PATHS = [
  "/bin/cat", "/bin/sh", "/bin/bash", "/bin/dash", "/bin/ls", "/bin/nc", "/bin/netcat", "/bin/ping", "/bin/rm", "/bin/echo", "/bin/chmod",
  "/usr/bin/cat", "/usr/bin/curl", "/usr/bin/wget", "/usr/bin/nc", "/usr/bin/ncat", "/usr/bin/id", "/usr/bin/whoami", "/usr/bin/python", "/usr/bin/python3",
  "/usr/bin/perl", "/usr/bin/base64", "/usr/bin/xxd", "/usr/bin/nslookup", "/usr/bin/dig", "/usr/bin/host", "/usr/bin/head", "/usr/bin/tail", "/usr/bin/env",
  "/usr/bin/uname", "/usr/bin/socat", "/usr/bin/ssh", "/usr/bin/scp",
  "/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/group", "/etc/sudoers", "/etc/hostname", "/etc/issue",
];
const MAX_GLOBS = 256;
export const MAX_MARKED_CHARS = 128 * 1024;

// Variables the environment normally sets: an unknown `$x` inside a word expands to
// nothing, but these keep their name (their value is not known here).
const ENV_NAMES = new Set(["HOME", "PATH", "USER", "SHELL", "PWD", "OLDPWD", "HOSTNAME", "LANG", "TERM", "LOGNAME", "TMPDIR", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "IFS"]);

const ASSIGN = /(?:^|[;&|\s])([A-Za-z_]\w{0,30})=('[^'\n]{0,60}'|"[^"$`\n]{0,60}"|[^\s;&|'"`$(){}]{1,60})(?=[;&|\s]|$)/g;

/**
 * Next occurrence of a delimiter, remembered per delimiter: queries only move forward,
 * so each delimiter's search covers the text once (linear even when every line is full
 * of unclosed "$(" or quotes). Returns -1 when it is not before the line end or not
 * within `limit` characters.
 */
class Delimiters {
  private readonly found = new Map<number, number>();
  constructor(private readonly t: string) {}
  next(ch: number, from: number, lineEnd: number, limit: number): number {
    let at = this.found.get(ch);
    if (at === undefined || (at >= 0 && at < from)) {
      at = this.t.indexOf(String.fromCharCode(ch), from);
      this.found.set(ch, at);
    }
    return at >= 0 && at < lineEnd && at - from < limit ? at : -1;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
// Sticky patterns matched at a "$" without slicing the text.
const IFS_AT = /\$(?:\{IFS(?:%\?{1,2})?\}|IFS\b)(?:\$[0-9])?/y;
const VAR_AT = /\$(?:\{([A-Za-z_]\w{0,30})\}|([A-Za-z_]\w{0,30}))/y;
const QUOTE_BREAK = /[\s$`]/;
const SLASH_AT = /\$\{(?:PATH|HOME|PWD|OLDPWD|SHELL):0:1\}/y;

function isGlobChar(c: number): boolean {
  return isPathChar(c) || c === 63 || c === 42 || c === 91 || c === 93 || c === 33; // ? * [ ] !
}
function isPathChar(c: number): boolean {
  return isWordChar(c) || c === 47 || c === 46 || c === 45; // / . -
}

/** Backslash escapes of $'...' and printf / echo -e. */
function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === "x" && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === "u" && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return e === "n" ? "\n" : e === "t" ? "\t" : e;
  });
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t.replace(/['"]/g, "");
}

const PRINTABLE = /^[\x20-\x7e\t]{1,200}$/;

/** The output of a small command substitution, or null if it is not one we evaluate. */
function evaluateSubstitution(body: string): string | null {
  const b = body.trim();
  if (b === "") return "";
  let m: RegExpExecArray | null;
  if ((m = /^printf\s{1,3}(['"]?)([^'"%\n]{1,200})\1$/.exec(b))) return unescape(m[2] ?? "");
  if ((m = /^printf\s{1,3}['"]?%[sb]['"]?\s{1,3}(.{1,200})$/.exec(b))) return unquote(m[1] ?? "").replace(/['"]/g, "").replace(/\s+/g, "");
  if ((m = /^echo\s{1,3}(?:-[neE]{1,3}\s{1,3})?(['"]?)([^'"\n|]{1,200})\1$/.exec(b))) return unescape(m[2] ?? "");
  if ((m = /^rev\s{0,2}<<<\s{0,2}(.{1,200})$/.exec(b))) return [...unquote(m[1] ?? "")].reverse().join("");
  if ((m = /^(?:echo|printf)\s{1,3}(?:-n\s{1,3})?(.{1,200}?)\s{0,2}\|\s{0,2}rev$/.exec(b))) return [...unquote(m[1] ?? "")].reverse().join("");
  if ((m = /^(?:echo|printf)\s{1,3}(?:-n\s{1,3})?(.{1,200}?)\s{0,2}\|\s{0,2}base64\s{1,3}(?:-d|--decode)$/.exec(b))) {
    const out = Buffer.from(unquote(m[1] ?? ""), "base64").toString("latin1");
    return PRINTABLE.test(out) ? out : null;
  }
  if ((m = /^xxd\s{1,3}-r\s{1,3}-p\s{0,2}<<<\s{0,2}(.{1,200})$/.exec(b)) || (m = /^(?:echo|printf)\s{1,3}(?:-n\s{1,3})?(.{1,200}?)\s{0,2}\|\s{0,2}xxd\s{1,3}-r\s{1,3}-p$/.exec(b))) {
    const hex = unquote(m[1] ?? "");
    if (!/^(?:[0-9a-fA-F]{2}){1,100}$/.test(hex)) return null;
    const out = Buffer.from(hex, "hex").toString("latin1");
    return PRINTABLE.test(out) ? out : null;
  }
  if ((m = /^tr\s{1,3}['"]?(?:a-z|A-Za-z)['"]?\s{1,3}['"]?(?:n-za-m|N-ZA-Mn-za-m)['"]?\s{0,2}<<<\s{0,2}(.{1,200})$/.exec(b)) || (m = /^(?:echo|printf)\s{1,3}(?:-n\s{1,3})?(.{1,200}?)\s{0,2}\|\s{0,2}tr\s{1,3}['"]?(?:a-z|A-Za-z)['"]?\s{1,3}['"]?(?:n-za-m|N-ZA-Mn-za-m)['"]?$/.exec(b))) {
    return unquote(m[1] ?? "").replace(/[a-zA-Z]/g, (ch) => {
      const base = ch <= "Z" ? 65 : 97;
      return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
    });
  }
  return null;
}

function globToRegExp(g: string): RegExp {
  let src = "^";
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === "?") src += "[^/]";
    else if (c === "*") src += "[^/]*";
    else if (c === "[") {
      const close = g.indexOf("]", i + 1);
      if (close > i + 1) {
        src += "[" + g.slice(i + 1, close).replace(/^!/, "^").replace(/[\\\]]/g, "\\$&") + "]";
        i = close;
      } else src += "\\[";
    } else src += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(src + "$");
}

/**
 * The shell view of a clean view, or null when the text has no evasion marker or
 * nothing changed. Offsets map through the clean view to the original text.
 */
export function shellView(clean: View): View | null {
  const t = clean.text;
  if (!MARKER.test(t)) return null;
  const n = t.length;
  const cs = clean.starts;
  const ce = clean.ends;
  const origStart = (i: number): number => (cs ? (cs[i] as number) : i);
  const origEnd = (i: number): number => (ce ? (ce[i] as number) : i + 1);

  // Simple assignments anywhere in the text (last one wins; flow is not followed),
  // collected on the first "$name" seen.
  let vars: Map<string, string> | null = null;
  const assigned = (name: string): string | undefined => {
    if (!vars) {
      vars = new Map();
      ASSIGN.lastIndex = 0;
      let a: RegExpExecArray | null;
      while ((a = ASSIGN.exec(t)) !== null) vars.set(a[1] as string, unquote(a[2] as string));
    }
    return vars.get(name);
  };

  // The view holds only the marked lines: start small and grow.
  let cap = Math.min(n, 1024) + 64;
  let buf = new Uint16Array(cap);
  let st = offsetMap(cap);
  let en = offsetMap(cap);
  let len = 0;
  const grow = (extra: number): void => {
    if (len + extra <= cap) return;
    cap = Math.max(cap * 2, len + extra);
    const nb = new Uint16Array(cap);
    nb.set(buf);
    buf = nb;
    const ns = offsetMap(cap);
    ns.set(st.subarray(0, len));
    st = ns;
    const ne = offsetMap(cap);
    ne.set(en.subarray(0, len));
    en = ne;
  };
  // Emit text for the clean range [s, e).
  const emit = (text: string, s: number, e: number): void => {
    grow(text.length);
    const os = origStart(s);
    const oe = origEnd(Math.max(s, e - 1));
    for (let k = 0; k < text.length; k++) {
      buf[len] = text.charCodeAt(k);
      st[len] = os;
      en[len] = oe;
      len++;
    }
  };
  const copy = (i: number): void => {
    grow(1);
    buf[len] = t.charCodeAt(i);
    st[len] = origStart(i);
    en[len] = origEnd(i);
    len++;
  };

  const delims = new Delimiters(t);
  let changed = false;
  let globs = 0;
  const globCache = new Map<string, string | null>();
  let lineStart = 0;
  let continued = false;
  let budget = MAX_MARKED_CHARS;
  while (lineStart < n && budget > 0) {
    let lineEnd = t.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = n;
    const line = t.slice(lineStart, lineEnd);
    const active = continued || MARKER.test(line) || (lineEnd < n && line.endsWith("\\"));
    continued = false;
    if (!active) {
      // Unmarked lines are left out of the view: the clean view already covers them.
      lineStart = lineEnd + 1;
      continue;
    }
    // Lookaheads may read up to lineEnd; the walk itself stops at the budget.
    const stopAt = Math.min(lineEnd, lineStart + budget);
    budget -= stopAt - lineStart;
    let closeQuote = -1;
    let i = lineStart;
    while (i < stopAt) {
      if (closeQuote >= 0 && i > closeQuote) closeQuote = -1;
      const c = t.charCodeAt(i);
      const prev = i > lineStart ? t.charCodeAt(i - 1) : 32;
      const next = i + 1 < lineEnd ? t.charCodeAt(i + 1) : 32;
      if (i === closeQuote) {
        closeQuote = -1;
        changed = true;
        i++;
        continue;
      }
      // Backslash: a line continuation, or an escape inside a word ("pa\ss\wd").
      if (c === 92) {
        if (i + 1 === lineEnd && lineEnd < n) {
          continued = true;
          changed = true;
          i++;
          continue;
        }
        if (isPathChar(next) && (isPathChar(prev) || (i + 2 < lineEnd && isPathChar(t.charCodeAt(i + 2))))) {
          changed = true;
          i++;
          continue;
        }
      }
      // Quotes around a fragment of a word: c'a't, /e"t"c/, ''.
      if ((c === 39 || c === 34) && closeQuote < 0) {
        const close = delims.next(c, i + 1, lineEnd, 80);
        if (close > i) {
          const inner = t.slice(i + 1, close);
          const after = close + 1 < lineEnd ? t.charCodeAt(close + 1) : 32;
          // A fragment joined to a letter or to another quoted fragment ("r""m") is part of a word.
          if (!QUOTE_BREAK.test(inner) && (isPathChar(prev) || isPathChar(after) || after === 34 || after === 39 || prev === 34 || prev === 39)) {
            closeQuote = close;
            changed = true;
            i++;
            continue;
          }
        }
      }
      if (c === 36 /* $ */) {
        // $'...' ANSI-C quoting.
        if (next === 39) {
          const close = delims.next(39, i + 2, lineEnd, 240);
          if (close > 0) {
            emit(unescape(t.slice(i + 2, close)), i, close + 1);
            changed = true;
            i = close + 1;
            continue;
          }
        }
        // $IFS, ${IFS}, $IFS$9, ${IFS%??}: a space.
        IFS_AT.lastIndex = i;
        const ifs = IFS_AT.exec(t);
        if (ifs) {
          emit(" ", i, i + ifs[0].length);
          changed = true;
          i += ifs[0].length;
          continue;
        }
        // $@ $* $0-$9 and $() / ${} inside a word: nothing.
        if ((next === 64 || next === 42 || (next >= 49 && next <= 57)) && (isPathChar(prev) || isPathChar(i + 2 < lineEnd ? t.charCodeAt(i + 2) : 32))) {
          changed = true;
          i += 2;
          continue;
        }
        // $( ... ): a small substitution we can evaluate (printf, echo, rev, base64).
        if (next === 40) {
          const close = delims.next(41, i + 2, lineEnd, 240);
          if (close > 0) {
            const body = t.slice(i + 2, close);
            const v = body.includes("(") ? null : evaluateSubstitution(body);
            if (v !== null) {
              emit(v, i, close + 1);
              changed = true;
              i = close + 1;
              continue;
            }
          }
        }
        // ${PATH:0:1} and the like: the first character of an absolute path, "/".
        SLASH_AT.lastIndex = i;
        const slash = SLASH_AT.exec(t);
        if (slash) {
          emit("/", i, i + slash[0].length);
          changed = true;
          i += slash[0].length;
          continue;
        }
        // $name / ${name}: a value assigned in the text, or nothing when unknown and
        // inside a word.
        VAR_AT.lastIndex = i;
        const vm = VAR_AT.exec(t);
        if (vm) {
          const name = (vm[1] ?? vm[2]) as string;
          const end = i + vm[0].length;
          const value = assigned(name);
          const after = end < lineEnd ? t.charCodeAt(end) : 32;
          if (value !== undefined) {
            emit(value, i, end);
            changed = true;
            i = end;
            continue;
          }
          if (!ENV_NAMES.has(name) && (isPathChar(prev) || (vm[1] !== undefined && isPathChar(after)))) {
            changed = true;
            i = end;
            continue;
          }
        }
      }
      // `...`: the backquoted form of a substitution.
      if (c === 96 && prev !== 96 && (next !== 96 || (i + 2 < lineEnd && t.charCodeAt(i + 2) !== 96))) {
        const close = delims.next(96, i + 1, lineEnd, 240);
        if (close > i && (close + 1 >= lineEnd || t.charCodeAt(close + 1) !== 96)) {
          const v = evaluateSubstitution(t.slice(i + 1, close));
          if (v !== null) {
            emit(v, i, close + 1);
            changed = true;
            i = close + 1;
            continue;
          }
        }
      }
      // {cat,/etc/passwd}: a brace list in command position expands to its words.
      if (c === 123 && (len === 0 || /[\s;|&(`]/.test(String.fromCharCode(buf[len - 1] as number)))) {
        const close = delims.next(125, i + 1, lineEnd, 120);
        if (close > i) {
          const inner = t.slice(i + 1, close);
          if (/^[\w/.$-]{1,60}(?:,[\w/.$-]{0,60}){1,8}$/.test(inner)) {
            let k = i + 1;
            for (const part of inner.split(",")) {
              for (let p = 0; p < part.length; p++) copy(k + p);
              k += part.length;
              if (k < close) emit(" ", k, k + 1);
              k++;
            }
            changed = true;
            i = close + 1;
            continue;
          }
        }
      }
      // /???/c?t: a glob over one of the well-known paths, at the start of a word of
      // the output (after "$IFS$9" the word starts even though "9" precedes it).
      if (c === 47 && (len === 0 || !isPathChar(buf[len - 1] as number)) && globs < MAX_GLOBS) {
        let e = i;
        let wild = false;
        while (e < lineEnd && e - i < 60 && isGlobChar(t.charCodeAt(e))) {
          const ge = t.charCodeAt(e);
          if (ge === 63 || ge === 42 || ge === 91) wild = true;
          e++;
        }
        if (wild && (e >= lineEnd || !isGlobChar(t.charCodeAt(e)))) {
          const g = t.slice(i, e);
          let hit = globCache.get(g);
          if (hit === undefined) {
            globs++;
            const re = globToRegExp(g);
            hit = KNOWN_PATHS.find((p) => re.test(p)) ?? null;
            if (globCache.size < 512) globCache.set(g, hit);
          }
          if (hit) {
            emit(hit, i, e);
            changed = true;
            i = e;
            continue;
          }
        }
      }
      copy(i);
      i++;
    }
    if (stopAt === lineEnd && lineEnd < n && !continued) copy(lineEnd);
    lineStart = lineEnd + 1;
  }
  if (!changed) return null;
  const text = len > 0 ? utf16.decode(buf.subarray(0, len)) : "";
  return { text, starts: st.subarray(0, len), ends: en.subarray(0, len), through: null, anchor: clean.anchor, depth: clean.depth, via: clean.via ? `${clean.via}+shell` : "shell" };
}

const utf16 = new TextDecoder("utf-16le");
