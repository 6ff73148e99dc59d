import type { KeyringNode } from "@aws-crypto/material-management-node";
import { fault } from "../kernel/index.js";
import { dataKeyLabels } from "./envelope-keys.js";
import { ROOT_KEY_NAME, ROOT_KEY_NAMESPACE } from "./keyrings.js";
import type { RootKey } from "./root-key.js";
import type { RootKeySource } from "./root-versions.js";

/** The raw AES keyring's provider info after the key name: tag length and IV length (32-bit each), then the IV. */
const RAW_AES_INFO_TAIL = 4 + 4 + 12;

/** The key name an envelope records for a root version: version 1 keeps the name written before rotation existed. */
export function rootKeyName(version: number): string {
  return version === 1 ? ROOT_KEY_NAME : `${ROOT_KEY_NAME}#${version}`;
}

/** The root version an envelope's data key is wrapped under, from its header alone; undefined when it names none. */
export function rootVersionOf(ciphertext: Uint8Array): number | undefined {
  const label = dataKeyLabels(ciphertext, 1)?.find((l) => l.providerId === ROOT_KEY_NAMESPACE);
  if (!label || label.providerInfo.length <= RAW_AES_INFO_TAIL) return undefined;
  const name = Buffer.from(label.providerInfo.subarray(0, label.providerInfo.length - RAW_AES_INFO_TAIL)).toString("utf8");
  if (name === ROOT_KEY_NAME) return 1;
  const m = /^plinth-root#([1-9][0-9]{0,8})$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** What EnvelopeSecretBox asks of a keyring whose key changes while the process runs. */
export interface VersionedKeyring {
  /** The keyring new values are sealed with: the newest version. */
  sealingKeyring(): Promise<KeyringNode>;
  /** The keyring that opens `ciphertext`: the version its header names. */
  openingKeyring(ciphertext: Uint8Array): Promise<KeyringNode>;
  /** Whether `ciphertext` names a version that is no longer on disk (listed now, not from memory). */
  retired(ciphertext: Uint8Array): Promise<boolean>;
}

/**
 * Every version of the root key this process knows, and how it learns of new ones. Several
 * processes share one data directory (`--workers N`, or `plinth root rotate` beside a running
 * server), and none tells the others anything: each looks at the source instead.
 *
 * - Before each seal it lists the versions (a directory listing; root seals are rare: key
 *   material, once per key or rotation), so it seals under the newest one on disk, never under
 *   a version a rotation is about to retire.
 * - A value naming a version it does not hold (rewrapped by another process) makes it list and
 *   open the new versions before opening the value.
 * - A version retired on disk is dropped from memory at the next listing: after a rotation, no
 *   process keeps the old key longer than its next root seal or unknown version.
 */
export class RootKeyring implements VersionedKeyring {
  readonly #keys = new Map<number, RootKey>();
  readonly #rings = new Map<number, Promise<KeyringNode>>();
  #refreshing: Promise<void> | undefined;

  private constructor(private readonly source: RootKeySource, private readonly holdRetired: boolean) {}

  /**
   * The keyring of every version present; at least one must be (the caller makes version 1
   * first). `holdRetired`: versions retired on disk stay in memory (the rotation itself, whose
   * last pass reseals what a worker wrote under a version just retired).
   */
  static async open(source: RootKeySource, options: { readonly holdRetired?: boolean } = {}): Promise<RootKeyring> {
    const keyring = new RootKeyring(source, options.holdRetired ?? false);
    await keyring.refresh();
    if (keyring.#keys.size === 0) throw fault("internal", `no root key version is present (${source.describe})`);
    return keyring;
  }

  get describe(): string {
    return this.source.describe;
  }

  /** The versions held, ascending. */
  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  get current(): number {
    return Math.max(...this.#keys.keys());
  }

  /** Lists the source and takes in its new versions, dropping retired ones; concurrent calls share one listing. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => { this.#refreshing = undefined; });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const present = await this.source.versions();
    for (const version of present) {
      if (!this.#keys.has(version)) this.#keys.set(version, await this.source.open(version));
    }
    const newest = Math.max(...present);
    for (const [version, key] of this.#keys) {
      // Never the newest held: a source listing nothing (a damaged directory) must not leave us keyless.
      if (this.holdRetired || present.includes(version) || version >= newest) continue;
      key.destroy();
      this.#keys.delete(version);
      this.#rings.delete(version);
    }
  }

  /** Makes the next version (or takes the one another process just made) and holds it. */
  async add(): Promise<number> {
    await this.refresh();
    const version = await this.source.add(this.current);
    await this.refresh();
    return version;
  }

  /**
   * Removes every version older than `below` from the source, then from memory. `below` is the
   * version a sweep resealed to: a concurrent rotation may have made a newer one meanwhile, and
   * what was resealed to `below` must stay readable.
   */
  async retireOlder(below: number): Promise<number[]> {
    const retired = this.versions.filter((v) => v < below);
    for (const version of retired) await this.source.retire(version);
    await this.refresh();
    return retired;
  }

  async retired(ciphertext: Uint8Array): Promise<boolean> {
    const version = rootVersionOf(ciphertext);
    return version !== undefined && !(await this.source.versions()).includes(version);
  }

  async sealingKeyring(): Promise<KeyringNode> {
    await this.refresh();
    return this.#ring(this.current);
  }

  async openingKeyring(ciphertext: Uint8Array): Promise<KeyringNode> {
    const version = rootVersionOf(ciphertext);
    if (version === undefined) return this.#ring(this.current);
    if (!this.#keys.has(version) && version > this.current) await this.refresh();
    // A version not held (retired, or never made) opens nothing; the current keyring refuses it as such.
    return this.#ring(this.#keys.has(version) ? version : this.current);
  }

  #ring(version: number): Promise<KeyringNode> {
    let ring = this.#rings.get(version);
    if (!ring) {
      const key = this.#keys.get(version);
      if (!key) throw fault("internal", `root key version ${version} is not held`);
      // Copied now: the SDK zeroes the buffer it is given once it holds the key.
      const unencryptedMasterKey = key.use((bytes) => new Uint8Array(bytes));
      ring = import("@aws-crypto/raw-aes-keyring-node").then(({ RawAesKeyringNode, RawAesWrappingSuiteIdentifier }) => new RawAesKeyringNode({
        keyNamespace: ROOT_KEY_NAMESPACE,
        keyName: rootKeyName(version),
        unencryptedMasterKey,
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      }));
      this.#rings.set(version, ring);
    }
    return ring;
  }

  destroy(): void {
    for (const key of this.#keys.values()) key.destroy();
    this.#keys.clear();
    this.#rings.clear();
  }
}
