import type { BlockList, Socket } from "node:net";
import { inList } from "./edge.js";
import { normaliseAddress } from "./exchange.js";

export type ConnectionRefusal = "connection-limit" | "source-connection-limit";

/**
 * Counts the open connections of every listener, in total and per peer address, so that no
 * peer (and no crowd of them) can hold more sockets than the limits allow. A socket is counted
 * from accept to close; one over a limit is refused on accept, before TLS costs anything.
 * Peers the operator listed as trusted proxies are exempt from the per-address cap: every
 * client of a proxy or load balancer shares its address (they still count towards the total).
 */
export class ConnectionGate {
  #open = 0;
  readonly #perSource = new Map<string, number>();

  constructor(
    private readonly maxConnections: number,
    private readonly maxPerSource: number,
    private readonly exempt?: BlockList,
  ) {}

  get open(): number {
    return this.#open;
  }

  /** Counts the socket until it closes, or says why it may not be let in (then it is not counted). */
  admit(socket: Socket): ConnectionRefusal | undefined {
    if (this.#open >= this.maxConnections) return "connection-limit";
    const source = normaliseAddress(socket.remoteAddress ?? "");
    const capped = !(this.exempt !== undefined && inList(this.exempt, source));
    const fromSource = this.#perSource.get(source) ?? 0;
    if (capped && fromSource >= this.maxPerSource) return "source-connection-limit";
    this.#open += 1;
    this.#perSource.set(source, fromSource + 1);
    socket.once("close", () => {
      this.#open -= 1;
      const left = (this.#perSource.get(source) ?? 1) - 1;
      if (left === 0) this.#perSource.delete(source);
      else this.#perSource.set(source, left);
    });
    return undefined;
  }
}
