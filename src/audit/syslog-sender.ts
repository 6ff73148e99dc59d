import { connect as tcpConnect } from "node:net";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

export interface SyslogTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** PEM: the CAs that sign the collector's certificate; absent, the system's. */
  readonly ca?: string;
}

/** What the operator is told: changes of state, never once per event. */
export interface SyslogReport {
  connected(): void;
  /** The connection failed or was lost: the error's code only. */
  lost(reason: string): void;
  /** Events were dropped since the last report, because the queue was full. */
  dropped(count: number): void;
}

const CONNECT_TIMEOUT_MS = 10_000;
/** A second bound beside the count, whatever the events' sizes: the queue never holds more than this. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 30_000;

/**
 * Streams framed syslog messages to one collector over TCP or TLS. `send` never blocks and never
 * throws: a frame joins a bounded queue, or is dropped and counted when the queue is full. The
 * connection is made on demand, kept, and remade with exponential backoff (and jitter) when it
 * fails. TCP syslog has no acknowledgements, so frames written just before a connection breaks
 * may be lost: this stream is a copy for a SIEM; the signed trail is the record.
 */
export class SyslogSender {
  readonly #queue: Buffer[] = [];
  #head = 0;
  #queuedBytes = 0;
  #socket: Socket | undefined;
  #connected = false;
  /** Connected and not waiting for a drain. */
  #writable = false;
  #retryMs = FIRST_RETRY_MS;
  #retry: NodeJS.Timeout | undefined;
  #droppedSinceReport = 0;
  #droppedTotal = 0;
  #closing = false;

  constructor(private readonly target: SyslogTarget, private readonly capacity: number, private readonly report: SyslogReport) {}

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  get dropped(): number {
    return this.#droppedTotal;
  }

  send(frame: Buffer): void {
    if (this.#closing) return;
    if (this.queued >= this.capacity || this.#queuedBytes + frame.length > MAX_QUEUED_BYTES) {
      this.#droppedSinceReport++;
      this.#droppedTotal++;
      return;
    }
    if (this.#droppedSinceReport > 0) {
      this.report.dropped(this.#droppedSinceReport);
      this.#droppedSinceReport = 0;
    }
    this.#queue.push(frame);
    this.#queuedBytes += frame.length;
    if (this.#socket === undefined && this.#retry === undefined) this.#connect();
    else this.#pump();
  }

  /** Sends what is queued for at most `waitMs`, then closes the connection. */
  async close(waitMs: number): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#retry);
    const socket = this.#socket;
    if (socket !== undefined && this.#connected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const done = (): void => { clearTimeout(timer); resolve(); };
        const check = (): void => { if (this.queued === 0 && socket.writableLength === 0) done(); else socket.once("drain", check); };
        socket.once("close", done);
        check();
      });
    }
    if (this.#droppedSinceReport > 0) this.report.dropped(this.#droppedSinceReport);
    socket?.end();
    socket?.destroy();
  }

  #connect(): void {
    const { host, port, tls, ca } = this.target;
    const socket = tls
      ? tlsConnect({ host, port, minVersion: "TLSv1.2", ...(ca === undefined ? {} : { ca }) })
      : tcpConnect({ host, port });
    this.#socket = socket;
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })));
    socket.once(tls ? "secureConnect" : "connect", () => {
      socket.setTimeout(0);
      socket.setKeepAlive(true, 30_000);
      this.#connected = true;
      this.#writable = true;
      this.#retryMs = FIRST_RETRY_MS;
      this.report.connected();
      this.#pump();
    });
    // A collector has nothing to say to us; what it sends is read and dropped.
    socket.resume();
    let reason = "closed";
    socket.on("error", (error: NodeJS.ErrnoException) => { reason = error.code ?? error.name; });
    socket.once("close", () => {
      const wasUp = this.#connected;
      this.#socket = undefined;
      this.#connected = false;
      this.#writable = false;
      if (this.#closing) return;
      if (wasUp || this.#retryMs === FIRST_RETRY_MS) this.report.lost(reason);
      this.#scheduleRetry();
    });
  }

  #scheduleRetry(): void {
    const delay = this.#retryMs / 2 + Math.random() * (this.#retryMs / 2);
    this.#retryMs = Math.min(this.#retryMs * 2, LAST_RETRY_MS);
    this.#retry = setTimeout(() => { this.#retry = undefined; this.#connect(); }, delay);
    this.#retry.unref();
  }

  /** Writes queued frames until the socket asks us to wait (backpressure), then resumes on drain. */
  #pump(): void {
    const socket = this.#socket;
    if (socket === undefined || !this.#writable) return;
    while (this.queued > 0) {
      const frame = this.#queue[this.#head]!;
      this.#head++;
      this.#queuedBytes -= frame.length;
      if (!socket.write(frame)) {
        this.#writable = false;
        socket.once("drain", () => { if (this.#socket === socket) { this.#writable = true; this.#pump(); } });
        break;
      }
    }
    this.#compact();
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
