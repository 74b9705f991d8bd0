/**
 * A small, bounded parser for the Python reprs AutoGen 0.4 prints to the console, e.g.
 * `[FunctionCall(id='call_1', arguments='{"city":"Paris"}', name='get_weather')]` and
 * `[FunctionExecutionResult(content='...', name='get_weather', call_id='call_1', is_error=False)]`.
 *
 * Supports str/bytes-free literals ('…', "…", with escapes), numbers, True/False/None, lists,
 * tuples, dicts and `Name(key=value, ...)` calls (as `{__class__: Name, ...}`). Anything else is a
 * parse failure (returns null), so callers fall back to keeping the text verbatim.
 */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

const MAX_DEPTH = 32;

export function parsePythonRepr(text: string): PyValue | null {
  const p = new ReprParser(text);
  try {
    const value = p.value(0);
    p.skipSpace();
    return p.atEnd() ? value : null;
  } catch {
    return null;
  }
}

class ReprParser {
  private i = 0;

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] ?? "")) this.i++;
  }

  private fail(): never {
    throw new Error(`repr parse error at ${this.i}`);
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.s[this.i] !== ch) this.fail();
    this.i++;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail();
    this.skipSpace();
    const c = this.s[this.i];
    if (c === "'" || c === '"') return this.string();
    if (c === "[") return this.sequence("[", "]", depth);
    if (c === "(") return this.sequence("(", ")", depth);
    if (c === "{") return this.dict(depth);
    if (c !== undefined && /[-0-9.]/.test(c)) return this.number();
    const ident = this.identifier();
    if (ident === "True") return true;
    if (ident === "False") return false;
    if (ident === "None") return null;
    this.skipSpace();
    if (this.s[this.i] === "(") return this.call(ident, depth);
    this.fail();
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) this.fail();
    this.i += m[0].length;
    return m[0];
  }

  private number(): number {
    const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) this.fail();
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const quote = this.s[this.i];
    this.i++;
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === "\\") {
        const n = this.s[this.i + 1];
        this.i += 2;
        switch (n) {
          case "n": out += "\n"; break;
          case "t": out += "\t"; break;
          case "r": out += "\r"; break;
          case "\\": out += "\\"; break;
          case "'": out += "'"; break;
          case '"': out += '"'; break;
          case "x": out += this.codePoint(2); break;
          case "u": out += this.codePoint(4); break;
          case "U": out += this.codePoint(8); break;
          case undefined: this.fail(); break;
          default: out += `\\${n}`;
        }
        continue;
      }
      out += c;
      this.i++;
    }
    this.fail();
  }

  private codePoint(len: number): string {
    const hex = this.s.slice(this.i, this.i + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail();
    this.i += len;
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) this.fail();
    return String.fromCodePoint(cp);
  }

  private sequence(open: string, close: string, depth: number): PyValue[] {
    this.expect(open);
    const out: PyValue[] = [];
    this.skipSpace();
    while (this.s[this.i] !== close) {
      out.push(this.value(depth + 1));
      this.skipSpace();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== close) this.fail();
      this.skipSpace();
    }
    this.i++;
    return out;
  }

  private dict(depth: number): { [key: string]: PyValue } {
    this.expect("{");
    const out: { [key: string]: PyValue } = {};
    this.skipSpace();
    while (this.s[this.i] !== "}") {
      const key = this.value(depth + 1);
      if (typeof key !== "string") this.fail();
      this.expect(":");
      define(out, key, this.value(depth + 1));
      this.skipSpace();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail();
      this.skipSpace();
    }
    this.i++;
    return out;
  }

  private call(name: string, depth: number): { [key: string]: PyValue } {
    this.expect("(");
    const out: { [key: string]: PyValue } = {};
    define(out, "__class__", name);
    this.skipSpace();
    while (this.s[this.i] !== ")") {
      const key = this.identifier();
      this.expect("=");
      define(out, key, this.value(depth + 1));
      this.skipSpace();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== ")") this.fail();
      this.skipSpace();
    }
    this.i++;
    return out;
  }
}

/** Own data property even for a key like "__proto__" (never touches the prototype). */
function define(obj: { [key: string]: PyValue }, key: string, value: PyValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
