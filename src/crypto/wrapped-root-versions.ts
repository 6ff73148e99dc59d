import { join } from "node:path";
import { fault } from "../kernel/index.js";
import { WRAPPED_ROOT_KEY_FILE, readRecord, unwrapRecord, writeRecord } from "./wrapped-root-key.js";
import type { RootKeyWrapper } from "./wrapped-root-key.js";
import { listVersionFiles, removeVersionFile, versionFileName } from "./root-versions.js";
import type { RootKeySource } from "./root-versions.js";

/**
 * An external key manager (Vault/OpenBao Transit, AWS KMS) as the root of trust, one wrapped
 * record per root key version. A new version is a new data key from the key manager; where the
 * key manager can rotate its own key (Transit), it is rotated first, so the new root version is
 * wrapped by a new remote version, and the older root versions' records are rewrapped under it
 * (Transit `rewrap`): after the rotation no record depends on an older remote version, which
 * the operator may then retire (min_decryption_version).
 */
export function wrappedRootSource(dataDir: string, wrapper: RootKeyWrapper): RootKeySource {
  const path = (version: number) => join(dataDir, versionFileName(WRAPPED_ROOT_KEY_FILE, version));
  const versions = () => listVersionFiles(dataDir, WRAPPED_ROOT_KEY_FILE);
  return {
    describe: wrapper.describe,
    versions,
    async open(version) {
      const record = await readRecord(path(version));
      if (!record) throw fault("internal", `root key version ${version} (${path(version)}) is missing`);
      const key = await unwrapRecord(record, path(version), wrapper);
      // After the key manager's key was rotated outside plinth, the record moves to its newest
      // version here, so the older remote versions can be retired without losing the root key.
      const rewrapped = await wrapper.rewrap?.(record.wrapped);
      if (rewrapped !== undefined && rewrapped !== record.wrapped) await writeRecord(dataDir, path(version), { ...record, wrapped: rewrapped }, false);
      return key;
    },
    async add(after) {
      await wrapper.rotate?.();
      const made = await wrapper.generate();
      try {
        await writeRecord(dataDir, path(after + 1), { v: 1, source: wrapper.source, keyRef: wrapper.keyRef, wrapped: made.wrapped }, true);
      } finally {
        made.plaintext.fill(0);
      }
      for (const version of await versions()) {
        if (version > after) continue;
        const record = await readRecord(path(version));
        const rewrapped = record && await wrapper.rewrap?.(record.wrapped);
        // Replaced by rename: a crash leaves the old wrapping or the new, and both unwrap.
        if (record && rewrapped !== undefined) await writeRecord(dataDir, path(version), { ...record, wrapped: rewrapped }, false);
      }
      return after + 1;
    },
    retire: (version) => removeVersionFile(dataDir, WRAPPED_ROOT_KEY_FILE, version),
  };
}
