import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Sensitive } from "../kernel/index.js";
import { startTransitLoopback } from "../../test/loopback/transit.js";
import type { TransitLoopback } from "../../test/loopback/transit.js";
import { transitRootWrapper } from "./transit.js";

const TOKEN = `hvs.${randomBytes(12).toString("hex")}`;

describe("the Transit root of trust", () => {
  let transit: TransitLoopback;
  const wrapper = (over: { token?: string; keyName?: string; address?: string } = {}) => transitRootWrapper({
    type: "transit", address: over.address ?? transit.address, mount: "transit", keyName: over.keyName ?? "plinth-root",
    token: new Sensitive(over.token ?? TOKEN),
  });
  before(async () => {
    transit = await startTransitLoopback({ token: TOKEN });
    transit.createKey("plinth-root");
  });
  after(() => transit.close());

  it("makes a 32-byte data key whose wrapping Transit unwraps to the same bytes", async () => {
    const { plaintext, wrapped } = await wrapper().generate();
    assert.equal(plaintext.byteLength, 32);
    assert.match(wrapped, /^vault:v1:/);
    assert.deepEqual(await wrapper().unwrap(wrapped), plaintext);
  });

  it("wraps an existing key with encrypt, and rewraps only once the Transit key has a newer version", async () => {
    const key = new Uint8Array(randomBytes(32));
    const wrapped = await wrapper().wrap(key);
    assert.equal(await wrapper().rewrap!(wrapped), undefined);
    transit.rotate("plinth-root");
    const rewrapped = await wrapper().rewrap!(wrapped);
    assert.match(rewrapped ?? "", /^vault:v2:/);
    assert.deepEqual(await wrapper().unwrap(rewrapped!), key);
  });

  const refusals: ReadonlyArray<readonly [string, () => ReturnType<typeof wrapper>, RegExp]> = [
    ["a wrong token", () => wrapper({ token: "hvs.wrong-token" }), /refused datakey: permission denied \(HTTP 403\); check the token server\.rootKey\.token names/],
    ["a missing key", () => wrapper({ keyName: "absent" }), /Vault Transit key absent \(mount transit\) at http:\/\/127\.0\.0\.1:[0-9]+\) refused datakey: encryption key not found \(HTTP 400\)/],
    ["an unreachable address", () => wrapper({ address: "http://127.0.0.1:1" }), /the root of trust \(Vault Transit key plinth-root .*\) cannot be reached: ECONNREFUSED/],
  ];
  for (const [title, make, expected] of refusals) {
    it(`names the root of trust, never the token, on ${title}`, async () => {
      const error = await make().generate().then(() => assert.fail("accepted"), (e: unknown) => e as Error);
      assert.match(error.message, expected);
      assert.ok(!error.message.includes(TOKEN) && !error.message.includes("hvs.wrong-token"));
    });
  }
});
