/**
 * Changes to what authorisation reads, announced by the use case that made them on this node.
 * The authorizer's caches listen, so a revocation applies to the very next request here; other
 * nodes notice through the store's change counter within their recheck interval. A port (not a
 * callback wired to the authorizer) so the services and the authorizer can be built in any order.
 */
export type PolicyChange =
  /** IAM state of one account: policies, attachments, boundaries, groups, tags of its users and roles. */
  | { readonly scope: "account"; readonly accountId: string }
  /** The organisation: its SCPs, where they are attached, whether they are enabled. */
  | { readonly scope: "organization" }
  /** The resource-based policy of one resource. */
  | { readonly scope: "resource"; readonly resourceArn: string };

export type PolicyChangeListener = (change: PolicyChange) => void;

export interface PolicyChanges {
  /** Called after the change is stored (never before: a listener may reload at once). */
  notify(change: PolicyChange): void;
  /** Listeners run synchronously and must not throw; answers a function that unsubscribes. */
  subscribe(listener: PolicyChangeListener): () => void;
}

/** The in-process notifier main.ts creates first and hands to every service and the authorizer. */
export class PolicyChangeNotifier implements PolicyChanges {
  readonly #listeners = new Set<PolicyChangeListener>();

  notify(change: PolicyChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  subscribe(listener: PolicyChangeListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }
}
