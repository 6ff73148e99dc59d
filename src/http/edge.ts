import { BlockList, isIP } from "node:net";
import { randomUUID } from "node:crypto";
import type { Clock, EdgeFacts } from "../kernel/index.js";
import type { Exchange } from "./exchange.js";

/**
 * Facts about a request that the server establishes itself. The client address comes from the
 * socket; X-Forwarded-For is believed only when the socket peer is a proxy the operator listed,
 * and then only as far back as the chain stays within trusted proxies.
 */
export interface EdgeSettings {
  readonly region: string;
  readonly trustedProxies: readonly string[];
  /** False only on the explicit plain-HTTP listener behind a TLS-terminating proxy. */
  readonly secure: boolean;
}

export class Edge {
  readonly #region: string;
  readonly #secure: boolean;
  readonly #trusted: BlockList | undefined;

  constructor(settings: EdgeSettings, private readonly clock: Clock) {
    this.#region = settings.region;
    this.#secure = settings.secure;
    this.#trusted = settings.trustedProxies.length > 0 ? trustList(settings.trustedProxies) : undefined;
  }

  facts(ex: Exchange): EdgeFacts {
    return {
      requestId: randomUUID(),
      receivedAt: this.clock.now(),
      sourceIp: this.#clientAddress(ex),
      secureTransport: this.#secure && ex.tls !== undefined,
      tls: ex.tls,
      userAgent: ex.header("user-agent"),
      region: this.#region,
    };
  }

  #clientAddress(ex: Exchange): string {
    const peer = ex.socketAddress;
    if (!this.#trusted || !this.#isTrusted(peer)) return peer;
    const forwarded = ex.header("x-forwarded-for");
    if (!forwarded) return peer;
    const hops = forwarded.split(",").map((h) => h.trim()).filter((h) => isIP(h) !== 0);
    // Walk from the nearest hop outwards; the first address that is not a trusted proxy is the client.
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!this.#isTrusted(hops[i]!)) return hops[i]!;
    }
    return hops[0] ?? peer;
  }

  #isTrusted(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    return this.#trusted!.check(address, family === 4 ? "ipv4" : "ipv6");
  }
}

function trustList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}
