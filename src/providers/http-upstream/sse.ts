import { DEFAULT_LIMITS } from "./limits.js";

/**
 * An incremental Server-Sent Events decoder (WHATWG HTML "Parsing an event stream"), pure so
 * that it can be table-tested with literal payloads. Both hosted providers stream this way.
 *
 * It holds at most one event: the line in progress and the `data:` lines of the event so far.
 * Their size together is bounded, because a hostile upstream can otherwise send one line that
 * never ends, or `data:` lines forever without the blank line that ends an event. Each chunk is
 * scanned once, so a long line arriving in many chunks costs linear, not quadratic, time.
 */
export interface SseMessage {
  /** The `event:` field, or "message" when the server sent none (as the standard says). */
  readonly event: string;
  /** The `data:` lines of one message joined by "\n". */
  readonly data: string;
}

export class SseEventTooLarge extends Error {
  constructor(limit: number) {
    super(`an event exceeded the size limit of ${limit} characters`);
    this.name = "SseEventTooLarge";
  }
}

/**
 * Strings joined in runs of this many, so that a line or event arriving in one-character
 * pieces does not hold an array slot and a string header per character.
 */
const RUN = 256;

/** Text kept in pieces until it is needed whole. */
class Pieces {
  readonly #separator: string;
  #parts: string[] = [];
  #joined = 0;
  /** Characters held, counting the separators the join will add. */
  chars = 0;

  constructor(separator: string) {
    this.#separator = separator;
  }

  get empty(): boolean {
    return this.#parts.length === 0;
  }

  push(part: string): void {
    this.chars += part.length + (this.#parts.length > 0 ? this.#separator.length : 0);
    this.#parts.push(part);
    if (this.#parts.length - this.#joined < RUN) return;
    this.#parts.push(this.#parts.splice(this.#joined).join(this.#separator));
    this.#joined = this.#parts.length;
  }

  take(): string {
    const whole = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join(this.#separator);
    this.#parts = [];
    this.#joined = 0;
    this.chars = 0;
    return whole;
  }
}

export class SseDecoder {
  readonly #text = new TextDecoder("utf-8");
  readonly #maxEventChars: number;
  readonly #line = new Pieces("");
  readonly #data = new Pieces("\n");
  #event = "";
  /** The last chunk ended in CR: an LF starting the next one is the rest of that line end. */
  #afterCr = false;

  /** `maxEventChars` bounds one event: its `data:` lines and the line in progress. */
  constructor(maxEventChars = DEFAULT_LIMITS.event) {
    this.#maxEventChars = maxEventChars;
  }

  /** Feeds the next bytes (or text); returns the messages they completed. */
  push(chunk: Uint8Array | string): SseMessage[] {
    const out: SseMessage[] = [];
    this.#scan(typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true }), out);
    return out;
  }

  /**
   * The body ended. The standard drops a message that lacks its closing blank line; we deliver
   * it instead, because some OpenAI-compatible servers end with `data: [DONE]\n` and no blank line.
   */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    this.#scan(this.#text.decode(), out);
    if (!this.#line.empty) this.#field(this.#line.take(), out);
    this.#field("", out);
    return out;
  }

  #scan(text: string, out: SseMessage[]): void {
    let start = 0;
    if (this.#afterCr && text.length > 0) {
      this.#afterCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    // indexOf is native and fast; a loop over charCodeAt was ten times slower on long lines.
    let lf = text.indexOf("\n", start);
    let cr = text.indexOf("\r", start);
    while (lf !== -1 || cr !== -1) {
      const i = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      const tail = text.slice(start, i);
      if (this.#line.empty) this.#field(tail, out);
      else {
        this.#line.push(tail);
        this.#field(this.#line.take(), out);
      }
      start = i + 1;
      if (i === cr) {
        if (start === text.length) this.#afterCr = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
      if (lf !== -1 && lf < start) lf = text.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
    }
    if (start < text.length) this.#line.push(text.slice(start));
    this.#check();
  }

  #check(): void {
    if (this.#line.chars + this.#data.chars > this.#maxEventChars) throw new SseEventTooLarge(this.#maxEventChars);
  }

  #field(line: string, out: SseMessage[]): void {
    if (line === "") {
      if (!this.#data.empty) out.push({ event: this.#event || "message", data: this.#data.take() });
      this.#event = "";
      return;
    }
    if (line.startsWith(":")) return; // a comment, used by servers as a keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.#data.push(value);
      this.#check();
    } else if (field === "event") this.#event = value;
    // `id` and `retry` only matter to a browser that reconnects; a model stream is never resumed.
  }
}
