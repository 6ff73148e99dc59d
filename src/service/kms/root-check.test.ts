import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import type { KmsStore } from "../../store/index.js";
import { KmsEnvelopeKeys } from "./envelope-keys.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "./kms.fixture.js";
import { assertRootKeyOpensStore } from "./root-check.js";

/**
 * The start-up check that a node's root key is the database's: it refuses only when material it
 * could have opened did not open, never on a store that proves nothing (empty, or whose sampled
 * material has no key row left).
 */
describe("a node's root key is checked against the database's sealed key material at start", () => {
  const otherRoot = (): EnvelopeSecretBox => new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));

  it("an empty store passes under any root key", async (t) => {
    const w = await kmsWorld(t);
    await assertRootKeyOpensStore(w.store.kms, otherRoot());
  });

  it("material made under this root key passes; under another root key it is refused, saying what to copy", async (t) => {
    const w = await kmsWorld(t);
    const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
    await keys.defaultKey(ACCOUNT);
    await keys.defaultKey(OTHER);
    await assertRootKeyOpensStore(w.store.kms, w.rootBox);
    await assert.rejects(assertRootKeyOpensStore(w.store.kms, otherRoot()), /root key does not open the secrets in the database \(none of 2 .*copy root\.key/);
  });

  it("material whose key row is gone proves nothing: alone it passes, beside material that does not open it is not counted", async (t) => {
    const w = await kmsWorld(t);
    const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
    const orphan = await keys.defaultKey(ACCOUNT);
    // The store as a node might read it between a key's deletion and its material's: the key row gone.
    const withoutKey = (gone: ReadonlySet<string>): KmsStore => new Proxy(w.store.kms, {
      get: (target, prop, receiver) => prop === "getKey"
        ? async (keyId: string) => (gone.has(keyId) ? undefined : target.getKey(keyId))
        : ((v: unknown) => (typeof v === "function" ? v.bind(target) : v))(Reflect.get(target, prop, receiver)),
    });
    const orphanId = orphan.arn.slice(orphan.arn.lastIndexOf("/") + 1);
    await assertRootKeyOpensStore(withoutKey(new Set([orphanId])), otherRoot());
    await keys.defaultKey(OTHER);
    await assert.rejects(assertRootKeyOpensStore(withoutKey(new Set([orphanId])), otherRoot()), /none of 1 sealed/);
  });
});
