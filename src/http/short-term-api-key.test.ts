import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import { CredentialResolver } from "../service/identity/index.js";
import { TemporaryCredentialResolver } from "../service/sts/index.js";
import { StsWorld } from "../service/sts/test-world.fixture.js";
import { keyFromCall, presignedCall, shortTermKey } from "./bedrock-token.fixture.js";
import { decodeShortTermKey, MAX_SHORT_TERM_SECONDS, ShortTermKeyVerifier } from "./short-term-api-key.js";

/**
 * Short-term Bedrock API keys built with @smithy/signature-v4 the way AWS's generators build
 * them, verified against a real store and real session tokens: who signed is the principal;
 * another region, an expired key or session, a tampered URL or a URL presigned for anything
 * else is refused, and no refusal quotes the key.
 */
const REGION = "eu-west-2";
const HOUR = 3_600_000;

describe("Bedrock short-term API keys", () => {
  let world: StsWorld;
  let verifier: ShortTermKeyVerifier;
  let user: Principal;
  let keys: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    world = await StsWorld.open();
    user = await world.user("holder");
    keys = await world.accessKey(user);
    verifier = new ShortTermKeyVerifier(new TemporaryCredentialResolver(new CredentialResolver(world.store.identity, world.box, world.clock), world.tokens), world.clock, REGION, 300);
  });
  after(() => world?.close());

  const now = (): Date => world.clock.now();
  const verify = (key: string) => verifier.verify(sensitive(key));
  async function refused(key: string, kind: Fault["kind"], message = /invalid/): Promise<void> {
    const error = await verify(key).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Fault, `expected a fault, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, message);
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(Buffer.from(key.slice(16), "base64").toString())?.[1] ?? "none";
    for (const secret of [key, key.slice(16, 60), keys.secretAccessKey, signature].filter((s) => s.length > 0)) {
      assert.ok(!error.message.includes(secret), "the message quotes the key");
    }
  }

  it("a key as the generators make it is the signing user, in either query order", async () => {
    for (const order of ["sorted", "signature-last"] as const) {
      const key = await shortTermKey(keys, REGION, { signingDate: now(), order });
      assert.match(key, /^bedrock-api-key-[A-Za-z0-9+/]+={0,2}$/);
      assert.deepEqual(await verify(key), { ...user, accessKeyId: keys.accessKeyId });
    }
  });

  it("the key decodes to a presigned URL for bedrock.amazonaws.com/?Action=CallWithBearerToken, version 1", async () => {
    const key = await shortTermKey(keys, REGION, { signingDate: now() });
    const call = decodeShortTermKey(key)!;
    assert.equal(call.host, "bedrock.amazonaws.com");
    assert.equal(call.params.get("Action"), "CallWithBearerToken");
    assert.equal(call.params.get("X-Amz-Expires"), String(MAX_SHORT_TERM_SECONDS));
    assert.match(call.params.get("X-Amz-Credential")!, new RegExp(`^${keys.accessKeyId}/\\d{8}/${REGION}/bedrock/aws4_request$`));
    assert.ok(Buffer.from(key.slice("bedrock-api-key-".length), "base64").toString().endsWith("&Version=1"));
  });

  it("temporary credentials: the session token inside makes the session the principal, until the session expires", async () => {
    const issued = await world.tokens.issue({
      principal: { type: "IAMUser", accountId: user.accountId, arn: user.arn, userId: user.userId, userName: user.userName },
      issuedAt: now(), expiresAt: new Date(now().getTime() + HOUR),
    });
    const credentials = { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey.reveal(), sessionToken: issued.sessionToken };
    const key = await shortTermKey(credentials, REGION, { signingDate: now() });
    const principal = await verify(key);
    assert.equal(principal.arn, user.arn);
    assert.equal(principal.accessKeyId, issued.accessKeyId);
    assert.ok(principal.session, "a session principal");
    // Without its token the temporary key is unknown; with another session's token it is refused.
    const call = await presignedCall(credentials, REGION, { signingDate: now() });
    await refused(keyFromCall(call.replace(/&X-Amz-Security-Token=[^&]+/, "")), "unrecognized-client");
    world.clock.at += HOUR;
    await refused(key, "expired-token", /expired/);
    world.clock.at -= HOUR;
  });

  it("expired: after X-Amz-Expires, and a lifetime over 12 hours is not a short-term key", async () => {
    const key = await shortTermKey(keys, REGION, { signingDate: now() });
    world.clock.at += 12 * HOUR;
    await refused(key, "expired-token", /expired/);
    world.clock.at -= 12 * HOUR;
    await refused(await shortTermKey(keys, REGION, { signingDate: now(), expiresIn: MAX_SHORT_TERM_SECONDS + 1 }), "unrecognized-client");
    const short = await shortTermKey(keys, REGION, { signingDate: now(), expiresIn: 60 });
    assert.ok(await verify(short));
    world.clock.at += 60_000;
    await refused(short, "expired-token", /expired/);
    world.clock.at -= 60_000;
    // Dated in the future beyond the allowed skew.
    await refused(await shortTermKey(keys, REGION, { signingDate: new Date(now().getTime() + HOUR) }), "unrecognized-client");
  });

  it("bound to one region: a key for another region is refused, naming only this endpoint's region", async () => {
    await refused(await shortTermKey(keys, "us-east-1", { signingDate: now() }), "unrecognized-client", /another region; this endpoint serves 'eu-west-2'/);
  });

  it("tampered: signature, credential, action, host, extra parameters, version or encoding", async () => {
    const call = await presignedCall(keys, REGION, { signingDate: now() });
    const flip = (s: string) => s.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`);
    await refused(keyFromCall(flip(call)), "unrecognized-client");
    await refused(keyFromCall(call.replace("X-Amz-Expires=43200", "X-Amz-Expires=43199")), "unrecognized-client");
    await refused(keyFromCall(call.replace("Action=CallWithBearerToken", "Action=CallWithBearerTokens")), "unrecognized-client");
    await refused(keyFromCall(call.replace("bedrock.amazonaws.com/", "bedrock-runtime.amazonaws.com/")), "unrecognized-client");
    await refused(keyFromCall(`${call}&X-Amz-Extra=1`), "unrecognized-client");
    await refused(keyFromCall(`${call}&Other=1`), "unrecognized-client");
    await refused(keyFromCall(call, "&Version=2"), "unrecognized-client");
    await refused(keyFromCall(call, ""), "unrecognized-client");
    const good = keyFromCall(call);
    await refused(good.replace(/=+$/, ""), "unrecognized-client");
    await refused(`${good.slice(0, 40)}*${good.slice(41)}`, "unrecognized-client");
    await refused("bedrock-api-key-", "unrecognized-client");
    // Signed honestly, but for another action or host: not a key.
    await refused(await shortTermKey(keys, REGION, { signingDate: now(), action: "ListFoundationModels" }), "unrecognized-client");
    await refused(await shortTermKey(keys, REGION, { signingDate: now(), host: "bedrock-runtime.eu-west-2.amazonaws.com" }), "unrecognized-client");
  });

  it("wrong or unknown signing keys, and keys deactivated since, are refused", async () => {
    await refused(await shortTermKey({ ...keys, secretAccessKey: `${keys.secretAccessKey}x` }, REGION, { signingDate: now() }), "unrecognized-client");
    await refused(await shortTermKey({ accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: keys.secretAccessKey }, REGION, { signingDate: now() }), "unrecognized-client");
    const other = await world.user("short-lived");
    const otherKeys = await world.accessKey(other);
    const key = await shortTermKey(otherKeys, REGION, { signingDate: now() });
    assert.equal((await verify(key)).arn, other.arn);
    await world.store.identity.setAccessKeyStatus(otherKeys.accessKeyId, "Inactive");
    world.clock.at += 10_000; // past the credential cache's 5 s
    await refused(key, "unrecognized-client");
    world.clock.at -= 10_000;
  });
});
