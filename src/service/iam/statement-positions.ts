/**
 * Where each statement of a policy document begins and ends (1-based line and column), for
 * SimulatePrincipalPolicy's StartPosition/EndPosition. The document has already been validated
 * as strict JSON by the policy engine; anything unexpected yields no positions rather than a
 * fault, since positions are a courtesy.
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

class Scanner {
  pos = 0;
  line = 1;
  column = 1;
  constructor(private readonly text: string) {}

  here(): Position {
    return { line: this.line, column: this.column };
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  advance(): string {
    const c = this.text[this.pos++] ?? "";
    if (c === "\n") { this.line++; this.column = 1; } else this.column++;
    return c;
  }

  space(): void {
    while (/[ \t\r\n]/.test(this.peek())) this.advance();
  }

  string(): string {
    this.advance();
    let out = "";
    for (;;) {
      const c = this.advance();
      if (c === "") throw new Error("unterminated");
      if (c === '"') return out;
      if (c === "\\") out += this.advance() === "u" ? (this.advance(), this.advance(), this.advance(), this.advance(), "?") : "";
      else out += c;
    }
  }

  /** Reads past one value; `onMember` may take over an object member's value (answering true). */
  value(depth: number, onMember?: (key: string, scanner: Scanner) => boolean): void {
    if (depth > 64) throw new Error("too deep");
    this.space();
    const c = this.peek();
    if (c === '"') { this.string(); return; }
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      this.advance();
      this.space();
      if (this.peek() === close) { this.advance(); return; }
      for (;;) {
        this.space();
        if (c === "{") {
          const key = this.string();
          this.space();
          this.advance(); // ':'
          if (!(onMember?.(key, this) ?? false)) this.value(depth + 1);
        } else {
          this.value(depth + 1);
        }
        this.space();
        const next = this.advance();
        if (next === close) return;
        if (next !== ",") throw new Error("unexpected");
      }
    }
    while (/[^,\]}\s]/.test(this.peek()) && this.peek() !== "") this.advance();
  }
}

/** The spans of the document's statements in order (one for a single statement object). */
export function statementSpans(document: string): Span[] {
  const spans: Span[] = [];
  const scanner = new Scanner(document);
  const element = (s: Scanner): void => {
    s.space();
    const start = s.here();
    s.value(2);
    const end = s.here();
    spans.push({ start, end: { line: end.line, column: Math.max(1, end.column - 1) } });
  };
  try {
    scanner.value(0, (key, s) => {
      if (key !== "Statement") return false;
      s.space();
      if (s.peek() !== "[") { element(s); return true; }
      s.advance();
      s.space();
      if (s.peek() === "]") { s.advance(); return true; }
      for (;;) {
        element(s);
        s.space();
        if (s.advance() !== ",") return true;
      }
    });
    return spans;
  } catch {
    return [];
  }
}
