/**
 * Which condition keys plinth puts in the request context, so validation can say (as Access
 * Analyzer does) when a statement's condition is on a key that none of its actions ever sees.
 * Such a condition is not an error to AWS, but it is silently void, or silently always true
 * with a negated operator or IfExists: `Deny ... when iam:PolicyARN is AdministratorAccess`
 * denies nothing if the key is never supplied.
 *
 * Keys are written as the service authorization reference writes them (`aws:ResourceTag/${TagKey}`
 * for a family); a concrete key (`aws:ResourceTag/protected`) matches its family.
 */
import { compileGlob, type Matcher } from "./glob.js";

/** One action's declaration: the keys its operations supply, and the documented keys they do not, with why. */
export interface ConditionKeyDeclaration {
  readonly supplied: readonly string[];
  /** Keys AWS documents for the action that plinth leaves out, each with the reason (e.g. a feature plinth lacks). */
  readonly notSupplied?: Readonly<Record<string, string>>;
}

/** By action, as AWS writes it (`iam:AttachUserPolicy`). */
export type ConditionKeyDeclarations = Readonly<Record<string, ConditionKeyDeclaration>>;

const keyMatcher = (key: string): Matcher => compileGlob(key.toLowerCase().replace(/\$\{[^}]*\}/g, "?*"));

export class SuppliedKeys {
  readonly #actions: ReadonlyMap<string, readonly Matcher[]>;
  readonly #everywhere: readonly Matcher[];

  /**
   * `actions`: every action plinth serves, with what it supplies. `everywhere`: the keys of the
   * request context itself (aws:SourceIp, aws:PrincipalTag/...), present whatever the action.
   */
  constructor(actions: ConditionKeyDeclarations, everywhere: readonly string[]) {
    this.#actions = new Map(Object.entries(actions).map(([action, d]) => [action.toLowerCase(), d.supplied.map(keyMatcher)]));
    this.#everywhere = everywhere.map(keyMatcher);
  }

  /** The served actions (lower-cased) that Action patterns name, or that NotAction patterns leave. */
  served(patterns: readonly string[], not: boolean): string[] {
    const matchers = patterns.map((p) => compileGlob(p.toLowerCase()));
    return [...this.#actions.keys()].filter((a) => matchers.some((m) => m(a)) !== not);
  }

  /** Whether a request for `action` (a served one) carries `key` whenever its facts exist. */
  supplies(action: string, key: string): boolean {
    const lower = key.toLowerCase();
    return this.#everywhere.some((m) => m(lower)) || (this.#actions.get(action.toLowerCase()) ?? []).some((m) => m(lower));
  }
}
