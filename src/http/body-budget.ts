/**
 * Bytes of request bodies being received. A body's SigV4 signature covers its hash, so it can
 * only be verified once it is whole: until then its bytes are held on the word of a client that
 * has proven nothing. The budget bounds them per connection (an HTTP/2 connection carries many
 * requests at once) and over the whole process; a body that does not fit is refused rather than
 * buffered.
 *
 * A claim lasts while its body is being received, and is released when the read ends however
 * it ends. Nothing that waits sits between a body's last byte and its verification (hashing
 * and the signature check run back to back), so a claim need not outlive the read: an
 * authenticated request that then streams a generation for minutes holds none of the budget.
 */
export interface ConnectionAccount {
  /** Bytes claimed by this connection's bodies being received. */
  unauthenticatedBytes: number;
}

export class BodyBudget {
  #used = 0;

  constructor(readonly total: number, readonly perConnection: number) {}

  /** Bytes claimed by every body being received. */
  get used(): number {
    return this.#used;
  }

  claim(connection: ConnectionAccount): BodyClaim {
    return new BodyClaim(this, connection, (delta) => { this.#used += delta; });
  }
}

/** One body's share: grows as the body does, released once. */
export class BodyClaim {
  #held = 0;
  #released = false;

  constructor(
    private readonly budget: BodyBudget,
    private readonly connection: ConnectionAccount,
    private readonly account: (delta: number) => void,
  ) {}

  get held(): number {
    return this.#held;
  }

  /** Claims `bytes` more, or nothing (false) when either the connection's or the process's share would be exceeded. */
  grow(bytes: number): boolean {
    if (this.#released) return false;
    if (bytes <= 0) return true;
    if (this.connection.unauthenticatedBytes + bytes > this.budget.perConnection) return false;
    if (this.budget.used + bytes > this.budget.total) return false;
    this.connection.unauthenticatedBytes += bytes;
    this.account(bytes);
    this.#held += bytes;
    return true;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.connection.unauthenticatedBytes -= this.#held;
    this.account(-this.#held);
    this.#held = 0;
  }
}
