import { readFile } from "node:fs/promises";
import type { RootKeySettings } from "../config/index.js";
import { WRAPPED_ROOT_KEY_FILE, hasWrappedRootKey, loadOrCreateRootKey, loadOrCreateWrappedRootKey } from "../crypto/index.js";
import type { RootKey } from "../crypto/index.js";
import { fault } from "../kernel/index.js";
import { awsKmsRootWrapper } from "./aws-kms.js";
import { transitRootWrapper } from "./transit.js";

/**
 * The root key for `dataDir` from the configured root of trust. Whatever the source, the result
 * is the same 32-byte key in memory, so the keyrings and everything sealed are unchanged by it.
 * The key managers' clients live here, not in crypto/, because they speak HTTP.
 */
export async function openRootKey(dataDir: string, settings: RootKeySettings): Promise<RootKey> {
  switch (settings.type) {
    case "file":
      if (await hasWrappedRootKey(dataDir)) {
        // A new key file would silently make everything already sealed unreadable.
        throw fault("internal", `the data directory's root key is held by an external root of trust (${WRAPPED_ROOT_KEY_FILE}), ` +
          "but server.rootKey is the local file: configure server.rootKey as it was");
      }
      return loadOrCreateRootKey(dataDir);
    case "transit": {
      const { caFile, ...rest } = settings;
      return loadOrCreateWrappedRootKey(dataDir, transitRootWrapper({ ...rest, ...await caText(caFile) }));
    }
    case "aws-kms": {
      const { caFile, ...rest } = settings;
      return loadOrCreateWrappedRootKey(dataDir, awsKmsRootWrapper({ ...rest, ...await caText(caFile) }));
    }
  }
}

async function caText(caFile: string | undefined): Promise<{ ca?: string }> {
  if (caFile === undefined) return {};
  const ca = await readFile(caFile, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw fault("internal", `cannot read server.rootKey.caFile ${caFile} (${error.code ?? "unknown error"})`);
  });
  return { ca };
}
