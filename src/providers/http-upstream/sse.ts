/**
 * An incremental Server-Sent Events decoder (WHATWG HTML "Parsing an event stream"), pure so
 * that it can be table-tested with literal payloads. Both hosted providers stream this way.
 */
export interface SseMessage {
  /** The `event:` field, or "message" when the server sent none (as the standard says). */
  readonly event: string;
  /** The `data:` lines of one message joined by "\n". */
  readonly data: string;
}

/** A line longer than this is a broken or hostile upstream, not a token stream. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

export class SseLineTooLong extends Error {
  constructor() {
    super("an event-stream line exceeded the size limit");
    this.name = "SseLineTooLong";
  }
}

export class SseDecoder {
  readonly #text = new TextDecoder("utf-8");
  #buffer = "";
  #event = "";
  #data: string[] = [];

  /** Feeds the next bytes (or text); returns the messages they completed. */
  push(chunk: Uint8Array | string): SseMessage[] {
    this.#buffer += typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true });
    const out: SseMessage[] = [];
    this.#drain(out, false);
    if (this.#buffer.length > MAX_LINE_CHARS) throw new SseLineTooLong();
    return out;
  }

  /**
   * The body ended. The standard drops a message that lacks its closing blank line; we deliver
   * it instead, because some OpenAI-compatible servers end with `data: [DONE]\n` and no blank line.
   */
  end(): SseMessage[] {
    this.#buffer += this.#text.decode();
    const out: SseMessage[] = [];
    this.#drain(out, true);
    if (this.#buffer.length > 0) this.#line(this.#buffer, out);
    this.#buffer = "";
    this.#line("", out);
    return out;
  }

  #drain(out: SseMessage[], final: boolean): void {
    const buffer = this.#buffer;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (c === 13 && i === buffer.length - 1 && !final) break;
      this.#line(buffer.slice(start, i), out);
      if (c === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.#buffer = buffer.slice(start);
  }

  #line(line: string, out: SseMessage[]): void {
    if (line === "") {
      if (this.#data.length > 0) out.push({ event: this.#event || "message", data: this.#data.join("\n") });
      this.#event = "";
      this.#data = [];
      return;
    }
    if (line.startsWith(":")) return; // a comment, used by servers as a keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.#data.push(value);
    else if (field === "event") this.#event = value;
    // `id` and `retry` only matter to a browser that reconnects; a model stream is never resumed.
  }
}
