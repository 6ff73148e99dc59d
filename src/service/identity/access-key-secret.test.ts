import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { TestContext } from "node:test";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { DEFAULT_KEY_ALIAS, KmsEnvelopeKeys } from "../kms/index.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "../kms/kms.fixture.js";
import { accessKeySecretContext, openAccessKeySecret } from "./credentials.js";

const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = new TextEncoder().encode("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

async function boxes(t: TestContext) {
  const w = await kmsWorld(t);
  const root = new RootKey(randomBytes(32));
  const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
  // The same root key before and after customer keys: the deployment upgraded in place.
  return { ...w, legacy: new EnvelopeSecretBox(rootKeyring(root)), box: new EnvelopeSecretBox(rootKeyring(root), { keys }) };
}

describe("access-key secrets under the account's default key", () => {
  it("a new secret binds its account and is sealed under that account's default key", async (t) => {
    const { box, store } = await boxes(t);
    const sealed = await box.seal(SECRET, accessKeySecretContext(ACCESS_KEY_ID, ACCOUNT));
    const alias = (await store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!;
    assert.equal(box.sealedUnder(sealed)?.arn, `arn:aws:kms:${REGION}:${ACCOUNT}:key/${alias.keyId}`);
    assert.deepEqual(await openAccessKeySecret(box, sealed, ACCESS_KEY_ID, ACCOUNT), SECRET);
  });

  it("a secret sealed before (root key, no account in its context) still opens", async (t) => {
    const { box, legacy } = await boxes(t);
    const sealed = await legacy.seal(SECRET, accessKeySecretContext(ACCESS_KEY_ID));
    assert.equal(box.sealedUnder(sealed), undefined);
    assert.deepEqual(await openAccessKeySecret(box, sealed, ACCESS_KEY_ID, ACCOUNT), SECRET);
  });

  it("a KMS-sealed secret presented as another account's is refused, with no retry in the older form", async (t) => {
    const { box } = await boxes(t);
    const sealed = await box.seal(SECRET, accessKeySecretContext(ACCESS_KEY_ID, ACCOUNT));
    await assert.rejects(openAccessKeySecret(box, sealed, ACCESS_KEY_ID, OTHER), /another account's key/);
  });
});
