import { FAULT_KINDS } from "./outcome.js";

/** What the labels may take: fixed when the server starts. */
export interface LabelBounds {
  /** The declared operation names (http/surface.ts): nothing else is an operation label. */
  readonly operations: Iterable<string>;
  /** The canonical model ids of the catalogue at start. */
  readonly models: Iterable<string>;
  /** How many distinct accounts get a label of their own before the rest share `other`. */
  readonly maxAccounts: number;
}

/** The value of a label whose subject is outside its bounded set. */
export const OTHER = "other";
/** The value of a label with no subject (an unauthenticated request has no account). */
export const NONE = "none";

const ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * Turns a record's facts into label values from bounded sets, so a caller can neither grow the
 * series count without limit nor write text of their own into the exposition: an operation is a
 * declared name, a model a catalogue id, an error a Fault kind, an account one of the first
 * `maxAccounts` seen (an account id is established by authentication, never typed by the caller,
 * but accounts can be created at will). The accounts seen belong to this instance, not the module.
 */
export class BoundedLabels {
  readonly #operations: ReadonlySet<string>;
  readonly #models: ReadonlySet<string>;
  readonly #accounts = new Set<string>();
  readonly #maxAccounts: number;

  constructor(bounds: LabelBounds) {
    this.#operations = new Set(bounds.operations);
    this.#models = new Set(bounds.models);
    this.#maxAccounts = bounds.maxAccounts;
  }

  operation(name: string | undefined): string {
    if (name === undefined) return NONE;
    return this.#operations.has(name) ? name : OTHER;
  }

  /** Only a canonical id of the catalogue: a record's subject can be another resource's ARN. */
  model(subject: string | undefined): string {
    if (subject === undefined) return NONE;
    return this.#models.has(subject) ? subject : OTHER;
  }

  account(accountId: string | undefined): string {
    if (accountId === undefined) return NONE;
    if (!ACCOUNT_ID.test(accountId)) return OTHER;
    if (this.#accounts.has(accountId)) return accountId;
    if (this.#accounts.size >= this.#maxAccounts) return OTHER;
    this.#accounts.add(accountId);
    return accountId;
  }

  error(kind: string | undefined): string {
    if (kind === undefined) return NONE;
    return FAULT_KINDS.has(kind) ? kind : OTHER;
  }
}
