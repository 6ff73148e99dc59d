import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { newServiceCredentialAlias, newServiceCredentialSecret } from "./ids.js";
import { formatLongTermKey, parseLongTermKey } from "./long-term-api-key.js";

/**
 * The long-term key format: `ABSK` + base64 of `<alias>:<secret>`, as AWS issues Bedrock API
 * keys, in the shape secret scanners look for, and parsed back strictly.
 */
/** The pattern secret scanners use for leaked Bedrock long-term keys. */
const SCANNERS = /^ABSK[A-Za-z0-9+/]{109,269}={0,2}$/;

describe("Bedrock long-term API keys", () => {
  it("round-trip, and have the shape scanners recognise for the shortest and longest user names", () => {
    for (const userName of ["a", "u".repeat(64), "first.last+ml@example.com"]) {
      const alias = newServiceCredentialAlias(userName, "123456789012");
      const secret = newServiceCredentialSecret();
      const key = formatLongTermKey(alias, secret);
      assert.match(key, SCANNERS);
      assert.deepEqual(parseLongTermKey(key), { alias, secret });
      assert.match(alias, new RegExp(`^${userName.replace(/[.+]/g, "\\$&")}-at-123456789012-[A-Z2-7]{8}$`));
    }
  });

  it("every key has its own alias and secret", () => {
    const aliases = new Set(Array.from({ length: 200 }, () => newServiceCredentialAlias("alice", "123456789012")));
    const secrets = new Set(Array.from({ length: 200 }, () => newServiceCredentialSecret()));
    assert.equal(aliases.size, 200);
    assert.equal(secrets.size, 200);
  });

  it("anything else is not a key: another prefix, non-canonical base64, no colon, a bad alias or secret, too long", () => {
    const good = formatLongTermKey("alice-at-123456789012-ABCDEFGH", "c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
    assert.ok(parseLongTermKey(good));
    const b64 = (text: string) => `ABSK${Buffer.from(text).toString("base64")}`;
    for (const bad of [
      good.replace("ABSK", "ABSL"), good.slice(4), `${good}=`, good.replace(/=+$/, ""), `${good.slice(0, 20)}.${good.slice(21)}`,
      b64("alice-at-123456789012-ABCDEFGH"), b64(":c2VjcmV0LXNlY3JldC1zZWNyZXQ="), b64("al ice:c2VjcmV0LXNlY3JldC1zZWNyZXQ="),
      b64("alice:short"), b64("alice:c2VjcmV0LXNlY3JldC1zZWNyZXQ=:more"), b64(`${"a".repeat(300)}:c2VjcmV0LXNlY3JldC1zZWNyZXQ=`), "ABSK", "",
    ]) assert.equal(parseLongTermKey(bad), undefined, bad);
  });
});
