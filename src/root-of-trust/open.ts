import { readFile } from "node:fs/promises";
import type { RootKeySettings } from "../config/index.js";
import {
  ROOT_KEY_FILE, RootKeyring, WRAPPED_ROOT_KEY_FILE, fileRootSource, hasWrappedRootKey, listVersionFiles, loadOrCreateRootKey,
  loadOrCreateWrappedRootKey, wrappedRootSource,
} from "../crypto/index.js";
import type { RootKeySource } from "../crypto/index.js";
import { fault } from "../kernel/index.js";
import { awsKmsRootWrapper } from "./aws-kms.js";
import { transitRootWrapper } from "./transit.js";

/**
 * Every version of the root key for `dataDir`, from the configured root of trust. Whatever the
 * source, each version is a 32-byte key in memory, so the keyrings and everything sealed are
 * unchanged by it. The key managers' clients live here, not in crypto/, because they speak HTTP.
 */
export async function openRootKeys(dataDir: string, settings: RootKeySettings, options: { readonly holdRetired?: boolean } = {}): Promise<RootKeyring> {
  return RootKeyring.open(await rootKeySource(dataDir, settings), options);
}

/** The configured root of trust as a source of root key versions, version 1 made (or moved) on first start. */
export async function rootKeySource(dataDir: string, settings: RootKeySettings): Promise<RootKeySource> {
  if (settings.type === "file") {
    if (await hasWrappedRootKey(dataDir)) {
      // A new key file would silently make everything already sealed unreadable.
      throw fault("internal", `the data directory's root key is held by an external root of trust (${WRAPPED_ROOT_KEY_FILE}), ` +
        "but server.rootKey is the local file: configure server.rootKey as it was");
    }
    if ((await listVersionFiles(dataDir, ROOT_KEY_FILE)).length === 0) (await loadOrCreateRootKey(dataDir)).destroy();
    return fileRootSource(dataDir);
  }
  const { caFile, ...rest } = settings;
  const wrapper = rest.type === "transit"
    ? transitRootWrapper({ ...rest, ...await caText(caFile) })
    : awsKmsRootWrapper({ ...rest, ...await caText(caFile) });
  const files = await listVersionFiles(dataDir, ROOT_KEY_FILE);
  if (files.some((v) => v > 1)) {
    // The move wraps root.key alone; the other versions (or a rotation's only one) would be left behind.
    throw fault("internal", `the data directory's root key files have been rotated (${files.map((v) => `version ${v}`).join(", ")}); ` +
      "moving them to an external root of trust is not supported: configure server.rootKey as the local file");
  }
  const wrapped = await listVersionFiles(dataDir, WRAPPED_ROOT_KEY_FILE);
  // First start, or a move from the key file: version 1 is made (or wrapped) as before rotation existed.
  if (wrapped.length === 0 || files.length > 0) (await loadOrCreateWrappedRootKey(dataDir, wrapper)).destroy();
  return wrappedRootSource(dataDir, wrapper);
}

async function caText(caFile: string | undefined): Promise<{ ca?: string }> {
  if (caFile === undefined) return {};
  const ca = await readFile(caFile, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw fault("internal", `cannot read server.rootKey.caFile ${caFile} (${error.code ?? "unknown error"})`);
  });
  return { ca };
}
