import type { PolicyChange, PolicyChangeListener, PolicyChanges } from "../service/policy-changes.js";
import { PolicyChangeNotifier } from "../service/policy-changes.js";

/**
 * What one worker process tells the others of the same node (`plinth start --workers N`) so
 * their caches drop what it changed at once, instead of after their cache time: a key
 * deactivated through one worker must stop working on all of them. Names and ids only, never a
 * secret: the others reload from the shared store.
 */
export type PeerMessage =
  | { readonly kind: "policy"; readonly change: PolicyChange }
  | { readonly kind: "access-key"; readonly accessKeyId: string }
  | { readonly kind: "service-credential"; readonly alias: string }
  /** An account's enforced guardrail configurations: without it, another worker would never see them. */
  | { readonly kind: "enforced-guardrails"; readonly accountId: string }
  /** One guardrail's rows changed (DRAFT, a version, tags, deleted): each process keeps them for a second. */
  | { readonly kind: "guardrail"; readonly accountId: string; readonly guardrailId: string }
  /** An account's data-retention mode or invocation logging configuration, cached for seconds per process. */
  | { readonly kind: "data-retention" | "invocation-logging"; readonly accountId: string };

/** The other workers of this node. `publish` never reaches the publisher's own subscribers. */
export interface Peers {
  publish(message: PeerMessage): void;
  subscribe(handler: (message: PeerMessage) => void): void;
}

/**
 * Hands a peer's message to every subscribed cache, each on its own: one that throws must not
 * keep the ones after it from dropping their entries (a revoked key kept until it expires), nor
 * escape into the channel's callback (ioredis's socket handler, a process 'message' listener),
 * where it would be uncaught and end the process.
 */
export function deliver(handlers: ReadonlyArray<(message: PeerMessage) => void>, message: PeerMessage, failed: (error: unknown) => void): void {
  for (const handler of handlers) {
    try { handler(message); } catch (error) { failed(error); }
  }
}

/**
 * A change notifier whose changes also reach the peers, and theirs this one's listeners: the
 * services announce on it as on the in-process notifier, and a change received from a peer is
 * not sent on again (it would echo between the workers for ever).
 */
export class RelayedPolicyChanges implements PolicyChanges {
  readonly #local = new PolicyChangeNotifier();

  constructor(private readonly peers: Peers | undefined) {
    peers?.subscribe((message) => { if (message.kind === "policy") this.#local.notify(message.change); });
  }

  notify(change: PolicyChange): void {
    this.#local.notify(change);
    this.peers?.publish({ kind: "policy", change });
  }

  subscribe(listener: PolicyChangeListener): () => void {
    return this.#local.subscribe(listener);
  }
}

/** `forget` on this process, then on the peers; a peer's forget of the same kind reaches `forget` here. */
export function relayedForget(peers: Peers | undefined, kind: "access-key" | "service-credential", forget: (id: string) => void): (id: string) => void {
  peers?.subscribe((message) => {
    if (message.kind === "access-key" && kind === "access-key") forget(message.accessKeyId);
    if (message.kind === "service-credential" && kind === "service-credential") forget(message.alias);
  });
  return (id) => {
    forget(id);
    if (kind === "access-key") peers?.publish({ kind, accessKeyId: id });
    else peers?.publish({ kind, alias: id });
  };
}
