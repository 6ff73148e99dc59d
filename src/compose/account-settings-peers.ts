import { AccountRetention } from "../service/data-retention/index.js";
import type { DataRetentionMode, StatedRetention } from "../service/data-retention/index.js";
import { AccountInvocationLogging } from "../service/invocation-logging/index.js";
import type { LoggingConfig } from "../service/invocation-logging/index.js";
import type { Peers } from "./peers.js";

/*
 * An account's data-retention mode (cached 5 s per process) and invocation logging configuration
 * (1 s), whose writes reach the other workers of this node at once: without it, a worker would
 * keep admitting calls to a retaining provider for seconds after the account chose `none`
 * through another, or keep recording content after logging was deleted there.
 * The peers are told whatever happened, as the service drops its own copy: a failed write may
 * still have landed.
 */

export class PeerAccountRetention extends AccountRetention {
  #peers: Peers | undefined;

  constructor(peers: Peers | undefined, ...rest: ConstructorParameters<typeof AccountRetention>) {
    super(...rest);
    this.#peers = peers;
    peers?.subscribe((message) => { if (message.kind === "data-retention") this.forget(message.accountId); });
  }

  override async put(accountId: string, mode: DataRetentionMode): Promise<StatedRetention> {
    try { return await super.put(accountId, mode); } finally { this.#peers?.publish({ kind: "data-retention", accountId }); }
  }
}

export class PeerInvocationLogging extends AccountInvocationLogging {
  #peers: Peers | undefined;

  constructor(peers: Peers | undefined, ...rest: ConstructorParameters<typeof AccountInvocationLogging>) {
    super(...rest);
    this.#peers = peers;
    peers?.subscribe((message) => { if (message.kind === "invocation-logging") this.forget(message.accountId); });
  }

  override async put(accountId: string, config: LoggingConfig): Promise<void> {
    try { await super.put(accountId, config); } finally { this.#tell(accountId); }
  }

  override async delete(accountId: string): Promise<void> {
    try { await super.delete(accountId); } finally { this.#tell(accountId); }
  }

  #tell(accountId: string): void {
    this.#peers?.publish({ kind: "invocation-logging", accountId });
  }
}
