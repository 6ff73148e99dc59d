import { materialContext, newKeyMaterial } from "../../crypto/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { KmsMaterialRecord, KmsStore } from "../../store/index.js";

export interface NewMaterial {
  readonly keyId: string;
  readonly keyArn: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly onDemand: boolean;
}

/**
 * New material for a key version, sealed under the root key and stored by `write`; the clear
 * bytes are zeroed before this returns.
 *
 * After the write, the root version it was sealed under must still be on disk: a `plinth root
 * rotate` beside this process may have retired it between the seal and the write (its sweep
 * having passed before the row existed). Then the material, still held here, is sealed again
 * under the newest version and the row replaced (only if unchanged: the rotation's last pass,
 * which holds the retired version, may have resealed it first). See service/root-rotation.
 */
export async function writeNewMaterial(box: SecretBox, store: Pick<KmsStore, "replaceMaterial">, spec: NewMaterial, write: (record: KmsMaterialRecord) => Promise<void>): Promise<KmsMaterialRecord> {
  const material = newKeyMaterial();
  try {
    const context = materialContext(spec.keyArn, spec.version);
    const record: KmsMaterialRecord = { keyId: spec.keyId, version: spec.version, sealed: await box.seal(material, context), createdAt: spec.createdAt, onDemand: spec.onDemand };
    await write(record);
    if (await box.retired?.(record.sealed)) {
      const resealed = await box.seal(material, context);
      if (await store.replaceMaterial(spec.keyId, spec.version, record.sealed, resealed)) return { ...record, sealed: resealed };
    }
    return record;
  } finally {
    material.fill(0);
  }
}
