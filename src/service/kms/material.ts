import { materialContext, newKeyMaterial } from "../../crypto/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { KmsMaterialRecord } from "../../store/index.js";

/** New material for a key version, sealed under the root key; the clear bytes are zeroed before this returns. */
export async function sealedMaterial(box: SecretBox, keyId: string, keyArn: string, version: number, createdAt: Date, onDemand: boolean): Promise<KmsMaterialRecord> {
  const material = newKeyMaterial();
  try {
    return { keyId, version, sealed: await box.seal(material, materialContext(keyArn, version)), createdAt, onDemand };
  } finally {
    material.fill(0);
  }
}
