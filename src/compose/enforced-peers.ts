import { EnforcedGuardrails } from "../service/guardrails/enforced.js";
import type { EnforcedGuardrailInput } from "../service/guardrails/enforced.js";
import type { EnforcedGuardrailRecord } from "../store/index.js";
import type { Peers } from "./peers.js";

/** Like the account settings' cache times: a change made by another process applies within it. */
const ENFORCED_CACHE_MS = 5_000;

/**
 * How long a process keeps an account's enforced guardrail list: for ever (until a change through
 * it) only when no other process can change the list. Another node (a shared database) or
 * another worker of this node (peers) can, and its message is at most once: a worker killed
 * between its commit and its message (SIGKILL, the OOM killer) never sends it, and the others
 * would have run inference without the enforced guardrail until restarted.
 */
export function enforcedCacheMs(writers: { readonly sharedDatabase: boolean; readonly peers: Peers | undefined }): number | undefined {
  return writers.sharedDatabase || writers.peers !== undefined ? ENFORCED_CACHE_MS : undefined;
}

/**
 * Enforced guardrails whose puts and deletes reach the other workers of this node. The service
 * keeps each account's list in memory until a change made through it (it has no expiry), so
 * without this a configuration enforced through one worker would never apply on the others:
 * inference there would run without the guardrail the account administrator required.
 */
export class PeerEnforcedGuardrails extends EnforcedGuardrails {
  #peers: Peers | undefined;

  constructor(peers: Peers | undefined, ...rest: ConstructorParameters<typeof EnforcedGuardrails>) {
    super(...rest);
    this.#peers = peers;
    peers?.subscribe((message) => { if (message.kind === "enforced-guardrails") this.forget(message.accountId); });
  }

  // Told whatever happened, as the service drops its own copy: a failed write may still have landed.
  override async put(account: string, principalArn: string, input: EnforcedGuardrailInput): Promise<EnforcedGuardrailRecord> {
    try { return await super.put(account, principalArn, input); } finally { this.#tell(account); }
  }

  override async delete(account: string, configId: string): Promise<void> {
    try { await super.delete(account, configId); } finally { this.#tell(account); }
  }

  #tell(accountId: string): void {
    this.#peers?.publish({ kind: "enforced-guardrails", accountId });
  }
}
