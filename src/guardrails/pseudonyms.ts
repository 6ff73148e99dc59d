/**
 * Redact-and-restore's mapping for one request: each identifier the guardrail would ANONYMIZE on
 * input gets a pseudonym (`{UK_NATIONAL_INSURANCE_NUMBER_1}`) before the provider sees it, the
 * same identifier the same pseudonym (so the model can still tell two people apart and refer back
 * to one), and the answer's pseudonyms are turned back into the identifiers for the caller.
 *
 * The mapping is the caller's content: it lives in this object for the request and nowhere else.
 * It refuses to be printed or serialised, so an accidental log line shows no identifier.
 */
const TOKEN = /\{[A-Z][A-Z0-9_]*_\d+\}/g;
/** A text's tail that may be the start of a pseudonym still arriving: `{`, `{UK_NAT`, `{EMAIL_1`. */
const PARTIAL = /\{[A-Z0-9_]*$/;

export class Pseudonyms {
  readonly #byValue = new Map<string, string>();
  readonly #byToken = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  #longest = 0;

  /** The pseudonym for one identifier of a type (a PII type or a custom regex's name). */
  token(label: string, value: string): string {
    const kind = label.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^[^A-Z]+/, "") || "CUSTOM";
    // "AB 12 34 56 C" and "ab123456c" are one identifier: spacing and case do not make another person.
    const key = `${kind}\u0000${value.replace(/\s+/g, "").toUpperCase()}`;
    const known = this.#byValue.get(key);
    if (known !== undefined) return known;
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const token = `{${kind}_${n}}`;
    this.#byValue.set(key, token);
    this.#byToken.set(token, value);
    this.#longest = Math.max(this.#longest, token.length);
    return token;
  }

  /** How many identifiers were pseudonymised (a count is content-free; the values are not). */
  get size(): number {
    return this.#byToken.size;
  }

  /**
   * The text with every pseudonym this request minted turned back into its identifier; other
   * braces are left alone. `encode` writes the identifier for where it goes (inside a JSON
   * string of a streamed tool call, escaped).
   */
  restore(text: string, encode: (value: string) => string = (v) => v): string {
    if (this.#byToken.size === 0) return text;
    return text.replace(TOKEN, (token) => {
      const value = this.#byToken.get(token);
      return value === undefined ? token : encode(value);
    });
  }

  /**
   * A restorer for one streamed text block: a pseudonym may arrive split across deltas
   * (`{UK_NATIONAL_` then `INSURANCE_NUMBER_1}`), so a tail that could still become one is held
   * back until the next delta (or the block's end) says what it is. At most one pseudonym's
   * length is ever held.
   */
  stream(encode?: (value: string) => string): { push(chunk: string): string; end(): string } {
    let held = "";
    return {
      push: (chunk) => {
        const text = held + chunk;
        held = "";
        const tail = this.#byToken.size === 0 ? null : PARTIAL.exec(text);
        if (tail !== null && text.length - tail.index < this.#longest) {
          held = text.slice(tail.index);
          return this.restore(text.slice(0, tail.index), encode);
        }
        return this.restore(text, encode);
      },
      end: () => {
        const rest = held;
        held = "";
        return this.restore(rest, encode);
      },
    };
  }

  toJSON(): string {
    return "[pseudonyms withheld]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Pseudonyms [withheld]";
  }
}
