import { BlockList, isIP } from "node:net";
import { randomUUID } from "node:crypto";
import type { X509Certificate } from "node:crypto";
import type { Clock, EdgeFacts } from "../kernel/index.js";
import type { Exchange } from "./exchange.js";
import { normaliseAddress } from "./exchange.js";

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

export type ClientCertificate = NonNullable<EdgeFacts["clientCertificate"]>;

/** What the listener knows about the connection a request came on. */
export interface ConnectionFacts {
  readonly listener: string;
  /** The listener's private endpoint id, when it is marked private. */
  readonly sourceVpce?: string;
  /** Only a certificate that verified against the listener's client CA. */
  readonly clientCertificate?: ClientCertificate;
}

/**
 * An exchange as the listeners hand it over: with the facts of its connection. The pipeline
 * passes plain exchanges along (the field is optional), so the pipeline needs no change.
 */
export type ListenerExchange = Exchange & { readonly connection?: ConnectionFacts };

/** For exchanges that came from no listener (tests, tools): the name of the unconfigured one. */
export const UNNAMED_LISTENER = "default";

export class Edge {
  readonly #region: string;
  readonly #secure: boolean;
  readonly #trusted: BlockList | undefined;

  constructor(settings: EdgeSettings, private readonly clock: Clock) {
    this.#region = settings.region;
    this.#secure = settings.secure;
    this.#trusted = settings.trustedProxies.length > 0 ? addressList(settings.trustedProxies) : undefined;
  }

  facts(ex: ListenerExchange): EdgeFacts {
    const connection = ex.connection;
    const sourceIp = this.#clientAddress(ex);
    return {
      requestId: randomUUID(),
      receivedAt: this.clock.now(),
      sourceIp,
      secureTransport: this.#secure && ex.tls !== undefined,
      tls: ex.tls,
      userAgent: ex.header("user-agent"),
      region: this.#region,
      listener: connection?.listener ?? UNNAMED_LISTENER,
      // As through an AWS interface endpoint: the address is a VPC address, never aws:SourceIp.
      ...(connection?.sourceVpce === undefined ? {} : { sourceVpce: connection.sourceVpce, vpcSourceIp: sourceIp }),
      ...(connection?.clientCertificate === undefined ? {} : { clientCertificate: connection.clientCertificate }),
    };
  }

  #clientAddress(ex: Exchange): string {
    const peer = ex.socketAddress;
    if (!this.#trusted || !inList(this.#trusted, peer)) return peer;
    const forwarded = ex.header("x-forwarded-for");
    if (!forwarded) return peer;
    const hops = forwarded.split(",");
    // Walk from the nearest hop outwards; the first address that is not a trusted proxy is the
    // client. A hop that is not an address stops the walk at the last trusted one: what lies
    // beyond it was written by someone we cannot vouch for, so none of it is believed.
    let nearest = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = forwardedAddress(hops[i]!);
      if (hop === undefined) return nearest;
      if (!inList(this.#trusted, hop)) return hop;
      nearest = hop;
    }
    return nearest;
  }
}

/**
 * One X-Forwarded-For hop as proxies write it: an address, optionally with a port
 * (`203.0.113.7:4711`, `[2001:db8::7]:443`) or in brackets (`[2001:db8::7]`). Anything else
 * (`unknown`, a name, an address with a zone) is undefined.
 */
export function forwardedAddress(hop: string): string | undefined {
  const text = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  const address = bracketed?.[1] ?? withPort?.[1] ?? text;
  if (address.includes("%")) return undefined;
  const family = isIP(address);
  if (family === 0 || (bracketed !== null && family !== 6)) return undefined;
  return normaliseAddress(address);
}

/** IP addresses and CIDR ranges (already validated by the configuration schema). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** An IPv4 client of a dual-stack socket (`::ffff:10.0.0.1`) is matched as the IPv4 address it is. */
export function inList(list: BlockList, address: string): boolean {
  const plain = normaliseAddress(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The facts policies see about a verified client certificate. Names are rendered as RFC 2253
 * strings (most specific first, `CN=alice,O=Example,C=GB`), the form AWS load balancers pass in
 * X-Amzn-Mtls-Clientcert-Subject. Node prints names one attribute per line in certificate order,
 * with RFC 2253 escaping already applied and control characters escaped, so lines can be split.
 */
export function clientCertificateFacts(cert: X509Certificate): ClientCertificate {
  return {
    subject: rfc2253(cert.subject),
    issuer: rfc2253(cert.issuer),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber.toUpperCase(),
  };
}

export function rfc2253(nodeName: string): string {
  return nodeName.split("\n").filter((line) => line !== "").reverse().map((rdn) => rdn.replaceAll(" + ", "+")).join(",");
}
