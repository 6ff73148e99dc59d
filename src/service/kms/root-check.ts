import { withMaterial } from "../../crypto/index.js";
import type { SecretBox } from "../../crypto/index.js";
import { fault } from "../../kernel/index.js";
import type { KmsStore } from "../../store/index.js";

/** Sealed material rows tried at start: one that opens proves the key; all failing is no accident. */
const SAMPLE = 5;

/**
 * Refuses a root key that opens none of the KMS key material in the store. Every secret in the
 * database (access-key secrets, session tokens, KMS keys) is sealed, through the accounts' KMS
 * keys, under the root key; a node that holds another one (a second node started with a data
 * directory of its own, which made a fresh key; a root rotation not copied to it) would start,
 * print its banner and answer every signed call with a 500. A store with no material (before
 * the first bootstrap) proves nothing and passes; a few damaged rows among good ones pass too.
 */
export async function assertRootKeyOpensStore(store: KmsStore, rootBox: SecretBox): Promise<void> {
  const rows = await store.materialPage(SAMPLE);
  let tried = 0;
  for (const row of rows) {
    const key = await store.getKey(row.keyId);
    // Material whose key row is gone proves nothing either way: only rows that could open count.
    if (key === undefined) continue;
    tried++;
    const opened = await withMaterial(rootBox, row.sealed, key.arn, row.version, () => true).catch(() => false);
    if (opened) return;
  }
  if (tried === 0) return;
  throw fault("internal", `this node's root key does not open the secrets in the database (none of ${tried} sealed KMS key versions opened). ` +
    "Every node sharing a database must hold the same root key: copy root.key (and any rotated root.key versions) from the data directory " +
    "of a node that works into this one before it starts, or configure the same server.rootKey");
}
