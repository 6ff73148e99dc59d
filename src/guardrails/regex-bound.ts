/**
 * The longest text (in UTF-16 code units, the unit a stream is cut in) a user regex can match, or
 * Infinity when it has no bound (`*`, `+`, `{n,}`, a back-reference) or uses syntax this reader
 * does not know. A stream scanner holds back this much so a match split across chunks is still
 * seen whole; Infinity makes it hold the whole block, which costs latency but never leaks.
 *
 * Only the patterns RE2 compiles reach here (no lookaround, no back-references), so the grammar is
 * small: alternation, groups, classes, escapes and counted repetition. Anything that may match one
 * character counts two code units (an astral character under the `u` flag); literals count as
 * written.
 */
export function maxMatchLength(pattern: string): number {
  const reader = new Reader(pattern);
  try {
    const n = reader.alternation();
    return reader.done() ? n : Infinity;
  } catch {
    return Infinity;
  }
}

/** One character of any kind: a surrogate pair under the `u` flag. */
const ANY = 2;

class Reader {
  #at = 0;
  constructor(private readonly src: string) {}

  done(): boolean {
    return this.#at >= this.src.length;
  }

  alternation(): number {
    let longest = this.sequence();
    while (this.src[this.#at] === "|") {
      this.#at++;
      longest = Math.max(longest, this.sequence());
    }
    return longest;
  }

  sequence(): number {
    let total = 0;
    while (!this.done() && this.src[this.#at] !== "|" && this.src[this.#at] !== ")") {
      total += this.quantified(this.atom());
    }
    return total;
  }

  atom(): number {
    const c = this.src[this.#at]!;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case "\\":
        return this.escape();
      case "^":
      case "$":
        this.#at++;
        return 0;
      case ".":
        this.#at++;
        return ANY;
      case "*":
      case "+":
      case "?":
        throw new Error("nothing to repeat");
      default: {
        const code = this.src.codePointAt(this.#at)!;
        const units = code > 0xffff ? 2 : 1;
        this.#at += units;
        return units;
      }
    }
  }

  group(): number {
    this.#at++;
    if (this.src.startsWith("?:", this.#at)) this.#at += 2;
    else if (this.src.startsWith("?<", this.#at) && /^\?<[A-Za-z_]\w*>/.test(this.src.slice(this.#at))) this.#at = this.src.indexOf(">", this.#at) + 1;
    else if (this.src.startsWith("?P<", this.#at)) this.#at = this.src.indexOf(">", this.#at) + 1;
    else if (this.src[this.#at] === "?") throw new Error("unsupported group");
    const inner = this.alternation();
    if (this.src[this.#at] !== ")") throw new Error("unclosed group");
    this.#at++;
    return inner;
  }

  charClass(): number {
    this.#at++;
    if (this.src[this.#at] === "^") this.#at++;
    if (this.src[this.#at] === "]") this.#at++;
    while (!this.done() && this.src[this.#at] !== "]") {
      if (this.src[this.#at] === "[") throw new Error("nested class");
      this.#at += this.src[this.#at] === "\\" ? 2 : 1;
    }
    if (this.done()) throw new Error("unclosed class");
    this.#at++;
    return ANY;
  }

  escape(): number {
    const c = this.src[this.#at + 1];
    if (c === undefined) throw new Error("trailing backslash");
    this.#at += 2;
    if (c === "b" || c === "B" || c === "A" || c === "z") return 0;
    if (/[1-9k]/.test(c)) throw new Error("back-reference");
    if (c === "Q") throw new Error("quoted literal");
    if (c === "p" || c === "P") {
      if (this.src[this.#at] === "{") this.#at = this.src.indexOf("}", this.#at) + 1 || this.src.length + 1;
      else this.#at++;
      if (this.#at > this.src.length) throw new Error("unclosed property");
      return ANY;
    }
    if (c === "x") {
      if (this.src[this.#at] === "{") this.#at = this.src.indexOf("}", this.#at) + 1;
      else this.#at += 2;
      return ANY;
    }
    if (c === "u") {
      if (this.src[this.#at] === "{") this.#at = this.src.indexOf("}", this.#at) + 1;
      else this.#at += 4;
      return ANY;
    }
    if (c === "c") {
      this.#at++;
      return 1;
    }
    return /[nrtfv0]/.test(c) ? 1 : ANY;
  }

  quantified(n: number): number {
    const c = this.src[this.#at];
    let times: number;
    if (c === "*" || c === "+") {
      this.#at++;
      times = Infinity;
    } else if (c === "?") {
      this.#at++;
      times = 1;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.#at));
      if (m === null) return n;
      this.#at += m[0].length;
      times = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]);
    } else {
      return n;
    }
    // A lazy or possessive suffix changes which match is found, not how long one can be.
    if (this.src[this.#at] === "?" || this.src[this.#at] === "+") this.#at++;
    return n === 0 ? 0 : n * times;
  }
}
