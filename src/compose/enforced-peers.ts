import { EnforcedGuardrails } from "../service/guardrails/enforced.js";
import type { EnforcedGuardrailInput } from "../service/guardrails/enforced.js";
import type { EnforcedGuardrailRecord } from "../store/index.js";
import type { Peers } from "./peers.js";

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
