/**
 * A strict JSON reader for policy documents. `JSON.parse` silently keeps the last of two equal keys,
 * so a policy with two `"StringEquals"` blocks would lose one of its conditions without a word; the
 * IAM grammar forbids repeated keys, so this reader reports them with their path instead.
 */
import type { PolicyProblem } from "./types.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Policies are a few levels deep; anything deeper is not a policy and must not exhaust the stack. */
const MAX_DEPTH = 32;

/**
 * Where a problem is: element, operator and condition-key names as written when they look like
 * names (`Statement[0].Condition.StringEquals.aws:SourceIp`). A key that does not look like one
 * is document text, so the path names its place only (`<key>`), never its characters.
 */
const NAME_LIKE = /^[A-Za-z0-9_][\w:/.+=@*?-]{0,127}$/;

export function childPath(parent: string, key: string): string {
  const shown = NAME_LIKE.test(key) ? key : "<key>";
  return parent === "" ? shown : `${parent}.${shown}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export type ParseResult = { ok: true; value: JsonValue } | { ok: false; problems: PolicyProblem[] };

export function parseJson(text: string): ParseResult {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    const value = reader.value("", 0);
    reader.skipSpace();
    if (reader.pos < text.length) reader.fail("", "unexpected text after the document");
    return reader.problems.length > 0 ? { ok: false, problems: reader.problems } : { ok: true, value };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, problems: [...reader.problems, e.problem] };
    throw e;
  }
}

class SyntaxProblem {
  constructor(readonly problem: PolicyProblem) {}
}

class Reader {
  pos = 0;
  readonly problems: PolicyProblem[] = [];
  constructor(private readonly text: string) {}

  fail(path: string, what: string): never {
    throw new SyntaxProblem({ path, message: `invalid json at character ${this.pos + 1}: ${what}` });
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  value(path: string, depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(path, "nested too deeply");
    const c = this.text[this.pos];
    if (c === "{") return this.object(path, depth);
    if (c === "[") return this.array(path, depth);
    if (c === "\"") return this.string(path);
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number(path);
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.pos)) { this.pos += word.length; return v; }
    }
    return this.fail(path, c === undefined ? "unexpected end" : "expected a value");
  }

  object(path: string, depth: number): JsonValue {
    this.pos++;
    // A prototype-less object: a key named "__proto__" stays an ordinary key.
    const out: { [key: string]: JsonValue } = Object.create(null);
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === "}") { this.pos++; return out; }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== "\"") this.fail(path, "expected a key in quotes");
      const key = this.string(path);
      const at = childPath(path, key);
      if (seen.has(key)) this.problems.push({ path: at, message: "duplicate key" });
      seen.add(key);
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.fail(at, "expected ':'");
      this.pos++;
      this.skipSpace();
      out[key] = this.value(at, depth + 1);
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") { this.pos--; this.fail(path, "expected ',' or '}'"); }
    }
  }

  array(path: string, depth: number): JsonValue {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === "]") { this.pos++; return out; }
    for (;;) {
      this.skipSpace();
      out.push(this.value(indexPath(path, out.length), depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") { this.pos--; this.fail(path, "expected ',' or ']'"); }
    }
  }

  string(path: string): string {
    const t = this.text;
    let out = "";
    let run = ++this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail(path, "unterminated string");
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) { out += t.slice(run, this.pos++); return out; }
      if (c < 0x20) this.fail(path, "control character in a string");
      if (c !== 0x5c) { this.pos++; continue; }
      out += t.slice(run, this.pos);
      const e = t[this.pos + 1];
      const simple: Record<string, string> = { "\"": "\"", "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && simple[e] !== undefined) { out += simple[e]; this.pos += 2; }
      else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else this.fail(path, "invalid escape in a string");
      run = this.pos;
    }
  }

  number(path: string): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) this.fail(path, "invalid number");
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

/**
 * The size AWS measures: IAM does not count white space (outside strings, where removing it keeps
 * the meaning); Organizations counts every character of an SCP.
 */
export function policySize(text: string, countWhitespace: boolean): number {
  if (countWhitespace) return text.length;
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      size++;
      if (c === 0x5c) { size++; i++; } else if (c === 0x22) inString = false;
    } else if (c === 0x22) { size++; inString = true; }
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) size++;
  }
  return size;
}

