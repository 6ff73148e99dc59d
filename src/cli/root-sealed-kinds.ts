import type { SecretBox } from "../crypto/index.js";
import type { RootSealedKind } from "../service/root-rotation/index.js";
import type { Store } from "../store/index.js";

/** Stored records other than KMS key material that may still be sealed directly under the root key. */
export function rootSealedRecordKinds(store: Store, box: SecretBox): RootSealedKind[] {
  void store;
  void box;
  return [];
}
