import { KmsAliases } from "./aliases.js";
import { KmsCryptography } from "./cryptography.js";
import { KmsKeys } from "./keys.js";
import type { KmsPorts } from "./ports.js";
import { KmsRotation } from "./rotation.js";

/** KMS's use cases over one set of ports: keys, rotation, aliases and cryptography. */
export class KmsService {
  readonly keys: KmsKeys;
  readonly rotation: KmsRotation;
  readonly aliases: KmsAliases;
  readonly crypto: KmsCryptography;

  constructor(ports: KmsPorts) {
    this.keys = new KmsKeys(ports);
    this.rotation = new KmsRotation(ports, this.keys);
    this.aliases = new KmsAliases(ports, this.keys);
    this.crypto = new KmsCryptography(ports, this.keys);
  }

  /** The periodic pass: deletes keys past their window, rotates keys whose period has passed. */
  async sweep(): Promise<{ readonly deleted: number; readonly rotated: number }> {
    const deleted = await this.keys.sweep();
    const rotated = await this.rotation.sweep();
    return { deleted, rotated };
  }
}
