import { fault } from "../kernel/index.js";
import { awsKmsRootWrapper } from "./aws-kms-root.js";
import type { AwsKmsRootSettings } from "./aws-kms-root.js";
import type { RootKey } from "./root-key.js";
import { loadOrCreateRootKey } from "./root-key-file.js";
import { transitRootWrapper } from "./transit-root.js";
import type { TransitRootSettings } from "./transit-root.js";
import { WRAPPED_ROOT_KEY_FILE, hasWrappedRootKey, loadOrCreateWrappedRootKey } from "./wrapped-root-key.js";

/** Where the root key comes from: the data directory's key file, or an external key manager. */
export type RootOfTrust = { readonly type: "file" } | TransitRootSettings | AwsKmsRootSettings;

/**
 * The root key for `dataDir` from the configured root of trust. Whatever the source, the result
 * is the same 32-byte key in memory, so the keyrings and everything sealed are unchanged by it.
 */
export async function openRootKey(dataDir: string, trust: RootOfTrust): Promise<RootKey> {
  switch (trust.type) {
    case "file":
      if (await hasWrappedRootKey(dataDir)) {
        // A new key file would silently make everything already sealed unreadable.
        throw fault("internal", `the data directory's root key is held by an external root of trust (${WRAPPED_ROOT_KEY_FILE}), ` +
          "but server.rootKey is the local file: configure server.rootKey as it was");
      }
      return loadOrCreateRootKey(dataDir);
    case "transit":
      return loadOrCreateWrappedRootKey(dataDir, transitRootWrapper(trust));
    case "aws-kms":
      return loadOrCreateWrappedRootKey(dataDir, awsKmsRootWrapper(trust));
  }
}
