import type { ConnectionAccount } from "./body-budget.js";

/**
 * What the server knows about each client connection (an HTTP/1.1 socket or an HTTP/2
 * session): the requests in flight on it and the bytes its unverified bodies hold. Kept beside
 * the connection, so it goes when the connection does.
 */
export interface InFlight {
  /** Bytes of the answer written but not yet taken by the client. */
  queuedBytes(): number;
  /** Whether the answer has begun (its head is sent). */
  answering(): boolean;
}

export class Transport implements ConnectionAccount {
  unauthenticatedBytes = 0;
  readonly inFlight = new Set<InFlight>();
}

export class Transports {
  readonly #known = new WeakMap<object, Transport>();

  /** The transport of a connection (a socket or a session), made when first asked for. */
  of(connection: object): Transport {
    let transport = this.#known.get(connection);
    if (transport === undefined) {
      transport = new Transport();
      this.#known.set(connection, transport);
    }
    return transport;
  }

  get(connection: object): Transport | undefined {
    return this.#known.get(connection);
  }

  /** Whether an answer has begun on the connection: nothing else may be written to it then. */
  answering(connection: object): boolean {
    for (const request of this.#known.get(connection)?.inFlight ?? []) if (request.answering()) return true;
    return false;
  }
}

/**
 * What to do with a connection that has been silent (nothing read or written) for the idle
 * timeout. With nothing in flight, it is idle: close it. With an answer its client is not
 * taking, the client has stopped reading: cut it. Otherwise its requests are waiting on us (a
 * model thinking before its first token): keep it; provider timeouts bound that wait, and a
 * streamed answer that is flowing is never silent.
 */
export type Silence = "close" | "cut" | "keep";

export function onSilence(transport: Transport | undefined): Silence {
  if (transport === undefined || transport.inFlight.size === 0) return "close";
  for (const request of transport.inFlight) if (request.queuedBytes() > 0) return "cut";
  return "keep";
}
