import { EnvelopeSecretBox, RootKeyring, fileRootSource } from "../../src/crypto/index.js";
import type { SecretBox } from "../../src/crypto/index.js";
import { KmsEnvelopeKeys } from "../../src/service/kms/index.js";
import { openStore } from "../../src/store/index.js";

/**
 * A stopped server's SecretBox, rebuilt from its data directory as plinth builds it: every root
 * key file version on disk (none is made), and plinth's KMS in its SQLite store for values sealed under customer or default
 * keys. What this cannot open, plinth cannot either.
 */
export async function storedBox(dataDir: string, region: string): Promise<{ box: SecretBox; rootBox: SecretBox; close(): Promise<void> }> {
  const rootKey = await RootKeyring.open(fileRootSource(dataDir));
  const store = await openStore({ dataDir });
  const rootBox = new EnvelopeSecretBox(rootKey);
  const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: { now: () => new Date() }, region });
  return {
    box: new EnvelopeSecretBox(rootKey, { keys }),
    rootBox,
    close: async () => { await store.close(); rootKey.destroy(); },
  };
}
