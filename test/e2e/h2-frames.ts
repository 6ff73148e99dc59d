import { connect as tlsConnect } from "node:tls";
import type { TLSSocket } from "node:tls";
import type { Target } from "./wire.js";

/**
 * A bare HTTP/2 client that writes frames itself, for what node's client will not do: open
 * more streams than the server allows (node's client queues them instead). Headers go out as
 * HPACK literals without indexing or Huffman coding, which every decoder must accept; what the
 * server sends is read as frames only (a HEADERS block opening with 0x88 is `:status: 200`).
 */
export const FRAME = { DATA: 0x0, HEADERS: 0x1, RST_STREAM: 0x3, SETTINGS: 0x4, PING: 0x6, GOAWAY: 0x7 } as const;
const END_STREAM = 0x1;
const END_HEADERS = 0x4;
const ACK = 0x1;
const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
const PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly stream: number;
  readonly payload: Buffer;
}

export class RawH2 {
  readonly frames: Frame[] = [];
  /** Settles when the server closes the connection. */
  readonly closed: Promise<void>;
  readonly #waiters: Array<() => void> = [];
  #buffered = Buffer.alloc(0);

  private constructor(private readonly socket: TLSSocket) {
    socket.on("data", (d: Buffer) => this.#read(d));
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  static async open(t: Target): Promise<RawH2> {
    const url = new URL(t.url);
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ host: url.hostname, port: Number(url.port), ca: t.ca, servername: "localhost", ALPNProtocols: ["h2"] }, () => resolve(s));
      s.once("error", reject);
    });
    const client = new RawH2(socket);
    socket.write(PREFACE);
    client.#send(FRAME.SETTINGS, 0, 0, Buffer.alloc(0));
    await client.next((f) => f.type === FRAME.SETTINGS && (f.flags & ACK) === 0);
    return client;
  }

  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, as it advertised it. */
  get maxConcurrentStreams(): number | undefined {
    const settings = this.frames.find((f) => f.type === FRAME.SETTINGS && (f.flags & ACK) === 0);
    for (let i = 0; settings && i + 6 <= settings.payload.length; i += 6) {
      if (settings.payload.readUInt16BE(i) === SETTINGS_MAX_CONCURRENT_STREAMS) return settings.payload.readUInt32BE(i + 2);
    }
    return undefined;
  }

  headers(stream: number, headers: Record<string, string>, endStream: boolean): void {
    const block = Buffer.concat(Object.entries(headers).map(([name, value]) =>
      Buffer.concat([Buffer.of(0x00), hpackString(name.toLowerCase()), hpackString(value)])));
    this.#send(FRAME.HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block);
  }

  data(stream: number, bytes: number): void {
    this.#send(FRAME.DATA, 0, stream, Buffer.alloc(bytes, 0x61));
  }

  reset(stream: number, code = 0x8 /* CANCEL */): void {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(code);
    this.#send(FRAME.RST_STREAM, 0, stream, payload);
  }

  /** The first frame (already received or still to come) that matches. */
  async next(match: (f: Frame) => boolean, ms = 10_000): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such frame within ${ms} ms; got ${this.frames.map((f) => `${f.type}/${f.stream}`).join(" ")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.#waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  #send(type: number, flags: number, stream: number, payload: Buffer): void {
    const head = Buffer.alloc(9);
    head.writeUIntBE(payload.length, 0, 3);
    head.writeUInt8(type, 3);
    head.writeUInt8(flags, 4);
    head.writeUInt32BE(stream, 5);
    this.socket.write(Buffer.concat([head, payload]));
  }

  #read(data: Buffer): void {
    this.#buffered = Buffer.concat([this.#buffered, data]);
    while (this.#buffered.length >= 9) {
      const length = this.#buffered.readUIntBE(0, 3);
      if (this.#buffered.length < 9 + length) break;
      const frame = {
        type: this.#buffered.readUInt8(3), flags: this.#buffered.readUInt8(4),
        stream: this.#buffered.readUInt32BE(5) & 0x7fffffff, payload: this.#buffered.subarray(9, 9 + length),
      };
      this.#buffered = this.#buffered.subarray(9 + length);
      this.frames.push(frame);
      if (frame.type === FRAME.SETTINGS && (frame.flags & ACK) === 0) this.#send(FRAME.SETTINGS, ACK, 0, Buffer.alloc(0));
      if (frame.type === FRAME.PING && (frame.flags & ACK) === 0) this.#send(FRAME.PING, ACK, 0, frame.payload);
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

/** An HPACK string literal, not Huffman-coded: the length as a 7-bit-prefix integer, then the bytes. */
function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, "latin1");
  const length: number[] = [];
  if (bytes.length < 127) {
    length.push(bytes.length);
  } else {
    length.push(127);
    let rest = bytes.length - 127;
    while (rest >= 128) {
      length.push((rest % 128) + 128);
      rest = Math.floor(rest / 128);
    }
    length.push(rest);
  }
  return Buffer.concat([Buffer.from(length), bytes]);
}
