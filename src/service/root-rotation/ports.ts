import type { SecretBox } from "../../crypto/index.js";

/** The root keyring as rotation sees it (crypto's RootKeyring). */
export interface RotatingRoot {
  readonly versions: readonly number[];
  readonly current: number;
  refresh(): Promise<void>;
  /** Makes the next version, or takes the one another process made first. */
  add(): Promise<number>;
  /** Removes every version older than `below`; returns them. */
  retireOlder(below: number): Promise<number[]>;
}

/**
 * One stored value sealed directly under the root key. `reseal` opens it (under whichever
 * version it names) and writes it sealed anew, only if the stored form is still `sealed`:
 * false when it changed or vanished meanwhile, which a later pass looks at again.
 */
export interface RootSealedValue {
  readonly sealed: Uint8Array;
  reseal(): Promise<boolean>;
}

/** A kind of stored value sealed under the root key, read a page at a time. */
export interface RootSealedKind {
  readonly kind: string;
  values(): AsyncIterable<RootSealedValue>;
}

export interface RotationPorts {
  readonly root: RotatingRoot;
  /**
   * Empties what the database keeps of values as they were before they were resealed (the
   * store's forgetOverwritten): a root key rotated because its old version leaked must not leave
   * that version anything to open.
   */
  readonly forgetOverwritten: (what: string) => Promise<void>;
  /** Seals under the root key only (the box whose keyring is `root`). */
  readonly rootBox: SecretBox;
  readonly kinds: readonly RootSealedKind[];
}
