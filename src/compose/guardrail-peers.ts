import { GuardrailControl } from "../service/guardrails/control.js";
import type { Peers } from "./peers.js";

/**
 * The guardrail control plane whose changes reach the other workers and nodes. Each process
 * keeps a guardrail version's rows for a second (LocatedCache) instead of reading them on every
 * guarded call; a change made through one process drops them there at once, and here on the
 * others, so a version deleted or a tag changed (which authorisation reads) applies everywhere
 * on the next call, not a second later.
 */
export class PeerGuardrailControl extends GuardrailControl {
  #peers: Peers | undefined;

  constructor(peers: Peers | undefined, ...rest: ConstructorParameters<typeof GuardrailControl>) {
    super(...rest);
    this.#peers = peers;
    peers?.subscribe((message) => { if (message.kind === "guardrail") this.forgetLocated(message.accountId, message.guardrailId); });
  }

  protected override changed(accountId: string, guardrailId: string): void {
    super.changed(accountId, guardrailId);
    this.#peers?.publish({ kind: "guardrail", accountId, guardrailId });
  }
}
