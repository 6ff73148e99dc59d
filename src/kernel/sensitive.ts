import { createHash } from "node:crypto";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * A value that carries customer content (prompts, completions, tool input, documents,
 * embeddings). It cannot be printed, serialised or interpolated: every such path yields a
 * redaction marker, so content that slips towards a logger, an audit record, a metric label or
 * an error message arrives as `[redacted]`. Only code that must act on the content (a provider
 * adapter, a codec, a guardrail) calls `reveal()`.
 */
export class Sensitive<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  /** Debug description without the content: its serialised length and a digest prefix. */
  describe(): string {
    const text = typeof this.#value === "string" ? this.#value : JSON.stringify(this.#value) ?? "";
    const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
    return `[redacted length=${text.length} sha256=${digest}]`;
  }

  toString(): string {
    return "[redacted]";
  }

  toJSON(): string {
    return "[redacted]";
  }

  [inspectSymbol](): string {
    return "[redacted]";
  }
}

export function sensitive<T>(value: T): Sensitive<T> {
  return new Sensitive(value);
}
