import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { MAX_CONTEXT_BYTES, blob, context, noGrantTokens, symmetricAlgorithm } from "./members.js";
import type { Obj } from "./members.js";
import { contextFacts } from "./rpc.js";

const refusedFor = (field: string, reason?: string) => (e: unknown) =>
  isFault(e) && e.detail.field === field && e.detail.reason === reason && !/KMSCANARY/.test(e.message);

describe("KMS request members", () => {
  it("a blob is base64 decoded within its bounds", () => {
    assert.deepEqual([...blob({ Plaintext: Buffer.from("hi").toString("base64") }, "Plaintext", 1, 4096)], [104, 105]);
  });

  const blobRefusals: Array<[string, Obj]> = [
    ["absent", {}],
    ["not base64", { Plaintext: "KMSCANARY not base64!" }],
    ["empty", { Plaintext: "" }],
    ["a number", { Plaintext: 5 }],
    ["over 4096 bytes", { Plaintext: Buffer.alloc(4097).toString("base64") }],
  ];
  for (const [name, o] of blobRefusals) {
    it(`refuses a Plaintext that is ${name}, naming it without quoting it`, () => assert.throws(() => blob(o, "Plaintext", 1, 4096), refusedFor("Plaintext")));
  }

  it("an encryption context is a map of strings, bounded in size, and may be absent", () => {
    assert.deepEqual(context({}, "EncryptionContext"), {});
    assert.deepEqual(context({ EncryptionContext: { a: "1", b: "" } }, "EncryptionContext"), { a: "1", b: "" });
    for (const bad of [{ a: 1 }, ["a"], "a", { "": "x" }, { big: "x".repeat(MAX_CONTEXT_BYTES) }]) {
      assert.throws(() => context({ EncryptionContext: bad }, "EncryptionContext"), refusedFor("EncryptionContext"));
    }
  });

  it("refuses context keys that differ only by case: a policy reads kms:EncryptionContext:<key> without case, so the caller would choose which value it sees", () => {
    assert.throws(() => context({ EncryptionContext: { project: "alpha", Project: "beta" } }, "EncryptionContext"), refusedFor("EncryptionContext"));
    assert.deepEqual(context({ EncryptionContext: { project: "alpha", projects: "beta" } }, "EncryptionContext"), { project: "alpha", projects: "beta" });
  });

  it("an encryption context named __proto__ is a pair like any other, not a prototype", () => {
    const parsed = context(JSON.parse('{"EncryptionContext":{"__proto__":"x"}}') as Obj, "EncryptionContext");
    assert.deepEqual(Object.keys(parsed), ["__proto__"]);
  });

  it("grant tokens cannot be valid here: an empty list passes, any token is refused", () => {
    noGrantTokens({ GrantTokens: [] });
    assert.throws(() => noGrantTokens({ GrantTokens: ["t"] }), refusedFor("GrantTokens", "invalid-grant-token"));
  });

  it("only SYMMETRIC_DEFAULT: an asymmetric algorithm is unsupported, an unknown one invalid", () => {
    symmetricAlgorithm({ EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }, "EncryptionAlgorithm");
    assert.throws(() => symmetricAlgorithm({ EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }, "EncryptionAlgorithm"), refusedFor("EncryptionAlgorithm", "unsupported-operation"));
    assert.throws(() => symmetricAlgorithm({ EncryptionAlgorithm: "ROT13" }, "EncryptionAlgorithm"), refusedFor("EncryptionAlgorithm"));
  });

  it("the context's condition keys: one per pair and the list of keys; none for an empty context", () => {
    assert.deepEqual(contextFacts({}), []);
    assert.deepEqual(contextFacts({ project: "alpha", tier: "1" }), [
      ["kms:EncryptionContext:project", "alpha"], ["kms:EncryptionContext:tier", "1"], ["kms:EncryptionContextKeys", ["project", "tier"]],
    ]);
  });
});
