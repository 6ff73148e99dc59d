import { materialContext } from "../../crypto/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { KmsStore } from "../../store/index.js";
import type { RootSealedKind, RootSealedValue } from "./ports.js";

const PAGE = 200;

/** Every KMS key's material versions: 32 bytes each, sealed under the root key with the key's ARN and version bound. */
export function kmsMaterialKind(store: KmsStore, rootBox: SecretBox): RootSealedKind {
  return {
    kind: "kms-key-material",
    async *values(): AsyncIterable<RootSealedValue> {
      const arns = new Map<string, string | undefined>();
      let after: { keyId: string; version: number } | undefined;
      for (;;) {
        const page = await store.materialPage(PAGE, after);
        for (const row of page) {
          if (!arns.has(row.keyId)) arns.set(row.keyId, (await store.getKey(row.keyId))?.arn);
          const arn = arns.get(row.keyId);
          // A key deleted since the page was read: its material is gone with it.
          if (arn === undefined) continue;
          yield {
            sealed: row.sealed,
            async reseal() {
              const context = materialContext(arn, row.version);
              const material = await rootBox.open(row.sealed, context);
              try {
                return await store.replaceMaterial(row.keyId, row.version, row.sealed, await rootBox.seal(material, context));
              } finally {
                material.fill(0);
              }
            },
          };
        }
        if (page.length < PAGE) return;
        const last = page.at(-1)!;
        after = { keyId: last.keyId, version: last.version };
      }
    },
  };
}
