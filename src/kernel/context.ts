/**
 * The one request context, passed explicitly from the edge to every step. It holds facts the
 * server established itself (socket address, TLS, time), never values a client asserted.
 */
export interface TlsFacts {
  readonly protocol: string;
  readonly cipher: string;
}

export interface Principal {
  readonly type: "IAMUser" | "AssumedRole" | "Root";
  readonly accountId: string;
  readonly arn: string;
  /** The stable unique id (AIDA... for users), `aws:userid`. */
  readonly userId: string;
  readonly userName: string;
  readonly accessKeyId: string;
}

export interface EdgeFacts {
  readonly requestId: string;
  readonly receivedAt: Date;
  /** From the socket, or from X-Forwarded-For only when the peer is a configured trusted proxy. */
  readonly sourceIp: string;
  /** True when the request arrived over TLS (false only on the explicit plain-HTTP listener). */
  readonly secureTransport: boolean;
  readonly tls?: TlsFacts;
  readonly userAgent?: string;
  /** The region this deployment is (`aws:RequestedRegion`). */
  readonly region: string;
}

export interface RequestContext extends EdgeFacts {
  readonly principal: Principal;
  /** Aborted when the client goes away: adapters cancel their upstream call on it. */
  readonly signal: AbortSignal;
}
