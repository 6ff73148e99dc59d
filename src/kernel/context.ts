import type { RequestNotes } from "./notes.js";

/**
 * The one request context, passed explicitly from the edge to every step. It holds facts the
 * server established itself (socket address, TLS, time), never values a client asserted.
 */
export interface TlsFacts {
  readonly protocol: string;
  readonly cipher: string;
}

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

/** What temporary credentials carry (GetSessionToken, AssumeRole). */
export interface SessionFacts {
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** When MFA was presented to obtain these credentials (`aws:MultiFactorAuthPresent` / `Age`). */
  readonly mfaAuthenticatedAt?: Date;
  /** Session policy documents passed to AssumeRole (they can only narrow). */
  readonly policies?: readonly string[];
  readonly tags?: readonly SessionTag[];
  /** For role sessions: who assumed the role (the IAM user or role session ARN). */
  readonly sourceArn?: string;
}

export interface Principal {
  readonly type: "IAMUser" | "AssumedRole" | "Root";
  readonly accountId: string;
  /** `arn:aws:iam::<acct>:user/<name>` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  /** `aws:userid`: AIDA... for users, `AROA...:<session>` for role sessions. */
  readonly userId: string;
  /** The user name, or for a role session the session name. */
  readonly userName: string;
  readonly accessKeyId: string;
  /** Role sessions: the role's ARN and id. */
  readonly roleArn?: string;
  readonly roleId?: string;
  /** Present for temporary credentials only. */
  readonly session?: SessionFacts;
}

/**
 * A client certificate the listener verified against its configured client CA during the TLS
 * handshake (mutual TLS). Present only when verification succeeded.
 */
export interface ClientCertificateFacts {
  /** The subject DN in RFC 2253 form, most specific first (`CN=alice,O=Example,C=GB`), as AWS load balancers pass it. */
  readonly subject: string;
  /** The issuer DN, in the same form. */
  readonly issuer: string;
  /** SHA-256 of the DER certificate, as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:...`). */
  readonly fingerprint256: string;
  /** Upper-case hexadecimal, as OpenSSL prints it. */
  readonly serialNumber: string;
}

export interface EdgeFacts {
  readonly requestId: string;
  readonly receivedAt: Date;
  /**
   * From the socket, or from X-Forwarded-For only when the peer is a configured trusted proxy.
   * Always set, because logs and audit records need an address; but when `sourceVpce` is set
   * the request came through a private endpoint and, as in AWS, this address must NOT be
   * presented as `aws:SourceIp` (it is `aws:VpcSourceIp`, see `vpcSourceIp`).
   */
  readonly sourceIp: string;
  /** The name of the listener the request arrived on (`default` without configured listeners). */
  readonly listener: string;
  /** The listener's private endpoint id (`vpce-...`) when it is marked private: `aws:SourceVpce`. */
  readonly sourceVpce?: string;
  /** Set exactly when `sourceVpce` is, to the same address as `sourceIp`: `aws:VpcSourceIp`. */
  readonly vpcSourceIp?: string;
  /** The verified client certificate, on a listener with mutual TLS when the client presented one. */
  readonly clientCertificate?: ClientCertificateFacts;
  /** True when the request arrived over TLS (false only on the explicit plain-HTTP listener). */
  readonly secureTransport: boolean;
  readonly tls?: TlsFacts;
  readonly userAgent?: string;
  /** The region this deployment is (`aws:RequestedRegion`). */
  readonly region: string;
}

export interface RequestContext extends EdgeFacts {
  readonly principal: Principal;
  /** What the steps learn for the records (audit, metrics); content-free by type. */
  readonly notes: RequestNotes;
  /** Aborted when the client goes away: adapters cancel their upstream call on it. */
  readonly signal: AbortSignal;
  /**
   * The same news as `signal`, without making one: the pipeline's context makes its AbortSignal
   * only when something asks for it (node's AbortSignal costs three hidden classes of its own
   * each, docs/PERFORMANCE.md "Promoted requests"). What only needs to hear the client leave
   * (the provider call's Deadline) listens here when it is there.
   */
  readonly clientGone?: ClientWatch;
}

/** "Has the client gone, and tell me when it does": the part of an AbortSignal a listener needs. */
export interface ClientWatch {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** What hears the request's client leave: its `clientGone` where the pipeline gave one, else its signal. */
export function clientWatch(ctx: RequestContext): ClientWatch {
  return ctx.clientGone ?? ctx.signal;
}
