import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { isFault } from "../kernel/index.js";
import { canonicalContext } from "./encryption-context.js";
import { decryptBlob, encryptBlob } from "./key-material.js";
import { BLOB_OVERHEAD, encodeHeader, parseBlob } from "./kms-ciphertext.js";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const material = new Uint8Array(randomBytes(32));
const plaintext = new TextEncoder().encode("KMSCANARY-plaintext");
const context = { purpose: "test", tenant: "a" };

const invalid = (e: unknown): boolean => isFault(e) && e.detail.reason === "invalid-ciphertext" && !e.message.includes("KMSCANARY");

describe("the KMS ciphertext blob, format version 1", () => {
  it("the header is magic, version, the key id's 16 bytes and the material version (known answer)", () => {
    assert.equal(Buffer.from(encodeHeader({ keyId: KEY_ID, materialVersion: 258 })).toString("hex"),
      "7001" + "1234abcd12ab34cd56ef1234567890ab" + "00000102");
  });

  it("a blob names its key and material version, and is the plaintext plus 50 bytes", () => {
    const blob = encryptBlob(material, { keyId: KEY_ID, materialVersion: 3 }, context, plaintext);
    assert.equal(blob.length, plaintext.length + BLOB_OVERHEAD);
    const parsed = parseBlob(blob)!;
    assert.equal(parsed.keyId, KEY_ID);
    assert.equal(parsed.materialVersion, 3);
    assert.equal(Buffer.from(blob).indexOf(Buffer.from("KMSCANARY")), -1, "the plaintext does not show");
    assert.deepEqual(new Uint8Array(decryptBlob(material, parsed, { tenant: "a", purpose: "test" })), plaintext, "pair order does not matter");
  });

  it("a wrong, missing or extra encryption context pair is an invalid ciphertext", () => {
    const parsed = parseBlob(encryptBlob(material, { keyId: KEY_ID, materialVersion: 1 }, context, plaintext))!;
    const others: Array<Record<string, string>> = [{ purpose: "test", tenant: "b" }, { purpose: "test" }, { ...context, extra: "x" }, {}];
    for (const other of others) {
      assert.throws(() => decryptBlob(material, parsed, other), invalid);
    }
  });

  it("a blob made without a context opens only without one", () => {
    const parsed = parseBlob(encryptBlob(material, { keyId: KEY_ID, materialVersion: 1 }, {}, plaintext))!;
    assert.deepEqual(new Uint8Array(decryptBlob(material, parsed, {})), plaintext);
    assert.throws(() => decryptBlob(material, parsed, { a: "" }), invalid);
  });

  it("no single changed byte anywhere opens, the header included", () => {
    const blob = encryptBlob(material, { keyId: KEY_ID, materialVersion: 1 }, context, plaintext);
    for (let i = 0; i < blob.length; i++) {
      const tampered = new Uint8Array(blob);
      tampered[i]! ^= 0x01;
      const parsed = parseBlob(tampered);
      if (parsed === undefined) continue; // magic or version changed: not a plinth blob at all
      assert.throws(() => decryptBlob(material, parsed, context), invalid, `byte ${i}`);
    }
  });

  it("another key's material does not open it", () => {
    const parsed = parseBlob(encryptBlob(material, { keyId: KEY_ID, materialVersion: 1 }, context, plaintext))!;
    assert.throws(() => decryptBlob(new Uint8Array(randomBytes(32)), parsed, context), invalid);
  });

  const notOurs: Array<[string, Uint8Array]> = [
    ["empty", new Uint8Array()],
    ["too short", new Uint8Array(49).fill(0x70)],
    ["another magic", Uint8Array.from([0x01, 0x01, ...new Uint8Array(60)])],
    ["another version", Uint8Array.from([0x70, 0x02, ...new Uint8Array(60)])],
    ["material version 0", Uint8Array.from([0x70, 0x01, ...new Uint8Array(60)])],
  ];
  for (const [name, bytes] of notOurs) it(`is not parsed when ${name}`, () => assert.equal(parseBlob(bytes), undefined));
});

describe("the canonical encryption context", () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ["empty", {}, "0000"],
    ["one pair", { a: "b" }, "0001" + "0001" + "61" + "0001" + "62"],
    ["sorted by key bytes, not as written", { b: "", a: "" }, "0002" + "000161" + "0000" + "000162" + "0000"],
    ["UTF-8 lengths in bytes", { "é": "x" }, "0001" + "0002c3a9" + "000178"],
  ];
  for (const [name, ctx, hex] of cases) it(name, () => assert.equal(Buffer.from(canonicalContext(ctx)).toString("hex"), hex));

  it("a key and value cannot be shifted into each other", () => {
    assert.notDeepEqual(canonicalContext({ ab: "c" }), canonicalContext({ a: "bc" }));
  });
});
