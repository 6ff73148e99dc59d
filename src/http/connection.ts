import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { clientCertificateFacts } from "./edge.js";
import type { ConnectionFacts } from "./edge.js";
import { connectionOf, normaliseAddress } from "./exchange.js";
import type { NodeRequest } from "./exchange.js";

/**
 * The connection facts of a request. Without mutual TLS they are the listener's and never
 * change; with it, the verified certificate is read once per connection (an HTTP/2 session or
 * an HTTP/1.1 socket) and remembered for as long as the connection lives.
 */
export function connectionFactsOf(listener: string, sourceVpce: string | undefined, mtls: boolean): (req: NodeRequest) => ConnectionFacts {
  const base: ConnectionFacts = Object.freeze({ listener, ...(sourceVpce === undefined ? {} : { sourceVpce }) });
  if (!mtls) return () => base;
  const known = new WeakMap<object, ConnectionFacts>();
  return (req) => {
    const key = connectionOf(req);
    let facts = known.get(key);
    if (facts === undefined) {
      const socket = req.socket as TLSSocket;
      const cert = socket.authorized ? socket.getPeerX509Certificate() : undefined;
      facts = cert === undefined ? base : Object.freeze({ ...base, clientCertificate: Object.freeze(clientCertificateFacts(cert)) });
      known.set(key, facts);
    }
    return facts;
  };
}

/**
 * The peer's address for the refusal log. When node refuses an invalid certificate itself it
 * destroys the TLS socket before any event, and a destroyed socket no longer knows its peer;
 * the TCP socket underneath (node's `_parent`, not public API) still does, once read. A unit
 * test pins this, so a node release that drops it fails there rather than logging "unknown".
 * (Verifying in our own code instead would cost clients without a certificate the clear
 * "certificate required" alert that OpenSSL sends them.)
 */
export function peerAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? (socket as Socket & { _parent?: Socket | null })._parent?.remoteAddress;
  return address === undefined ? "unknown" : normaliseAddress(address);
}

export function presentedCertificate(socket: TLSSocket): boolean {
  return Object.keys(socket.getPeerCertificate()).length > 0;
}
