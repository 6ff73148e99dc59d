import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KMS_KEY_PROVIDER_ID, dataKeyLabels, envelopeKey, keyInfoName, parseKeyInfoName } from "./envelope-keys.js";

const ARN = "arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("key info: the key name an envelope records", () => {
  const cases: Array<[string, { arn: string; version: number }, string]> = [
    ["first version", { arn: ARN, version: 1 }, `${ARN}#1`],
    ["a rotated key", { arn: ARN, version: 12 }, `${ARN}#12`],
  ];
  for (const [name, key, expected] of cases) {
    it(`${name}: written as <key ARN>#<version> and read back`, () => {
      assert.equal(keyInfoName(key), expected);
      assert.deepEqual(parseKeyInfoName(expected), key);
    });
  }

  const refused: Array<[string, string]> = [
    ["no version", ARN],
    ["version 0", `${ARN}#0`],
    ["a leading zero", `${ARN}#01`],
    ["not a key ARN", "arn:aws:kms:eu-west-2:111111111111:alias/aws/bedrock#1"],
    ["the root keyring's name", "plinth-root"],
    ["trailing text", `${ARN}#1x`],
  ];
  for (const [name, text] of refused) it(`${name} names no key`, () => assert.equal(parseKeyInfoName(text), undefined));

  it("a version that is not a positive integer cannot be written", () => {
    assert.throws(() => keyInfoName({ arn: ARN, version: 0 }), RangeError);
  });
});

/** A version-2 header prefix built by hand from the message format (docs: message-format.html). */
function header(edks: Array<[string, Uint8Array]>, context = Buffer.alloc(0)): Buffer {
  const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
  const lv = (b: Uint8Array): Buffer => Buffer.concat([u16(b.length), b]);
  return Buffer.concat([
    Buffer.from([0x02, 0x04, 0x78]), Buffer.alloc(32, 0xaa), lv(context), u16(edks.length),
    ...edks.flatMap(([id, info]) => [lv(Buffer.from(id, "utf8")), lv(info), lv(Buffer.alloc(48, 0xbb))]),
  ]);
}

describe("dataKeyLabels reads the encrypted data keys' labels of a v2 header", () => {
  const rawAesInfo = (name: string): Buffer => Buffer.concat([Buffer.from(name, "utf8"), Buffer.from("000000800000000c", "hex"), Buffer.alloc(12, 7)]);

  it("a customer key's envelope: provider plinth-kms, info = key name, tag bits 128, IV length 12, IV", () => {
    const message = header([[KMS_KEY_PROVIDER_ID, rawAesInfo(`${ARN}#3`)]], Buffer.from("0001000161000162", "hex"));
    const labels = dataKeyLabels(message, 1);
    assert.equal(labels?.length, 1);
    assert.equal(labels![0]!.providerId, "plinth-kms");
    assert.deepEqual(envelopeKey(labels!), { arn: ARN, version: 3 });
  });

  it("a root-key envelope names no customer key", () => {
    assert.equal(envelopeKey(dataKeyLabels(header([["plinth", rawAesInfo("plinth-root")]]), 1)!), undefined);
  });

  const bad: Array<[string, Uint8Array, number]> = [
    ["version 1 message", Buffer.concat([Buffer.from([0x01]), header([[KMS_KEY_PROVIDER_ID, rawAesInfo(`${ARN}#1`)]]).subarray(1)]), 1],
    ["more data keys than allowed", header([["a", rawAesInfo("x")], ["b", rawAesInfo("y")]]), 1],
    ["no data keys", header([]), 1],
    ["truncated inside a data key", header([[KMS_KEY_PROVIDER_ID, rawAesInfo(`${ARN}#1`)]]).subarray(0, 60), 1],
    ["empty", new Uint8Array(0), 1],
  ];
  for (const [name, message, max] of bad) it(`${name}: undefined`, () => assert.equal(dataKeyLabels(message, max), undefined));
});
