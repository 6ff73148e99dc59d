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
