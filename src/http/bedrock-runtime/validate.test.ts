import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { meta } from "./native/meta.js";
import { blob, closed, need, obj, strings, union } from "./validate.js";

/**
 * The shared checks, on the points where the Converse codec and the native bodies meet: each
 * surface keeps its own wording for unknown members, and neither echoes a key that might be
 * content. Everything else is pinned through the decoders' own tests.
 */
function expectInvalid(check: () => unknown, field: string, problem: string, unsaid?: string): void {
  assert.throws(check, (e: unknown) => {
    assert.ok(isFault(e), "a Fault is thrown");
    assert.equal(e.kind, "validation");
    assert.equal(e.detail.field, field);
    assert.ok(e.message.includes(problem), `"${e.message}" should state "${problem}"`);
    if (unsaid !== undefined) assert.ok(!e.message.includes(unsaid), `"${e.message}" must not quote "${unsaid}"`);
    return true;
  });
}

describe("closed objects word unknown members as their surface does", () => {
  it("a Smithy shape: not a recognized member of it", () =>
    expectInvalid(() => closed({ a: 1, b: 2 }, "cfg", ["a"], { shape: "Config" }), "cfg.b", "not a recognized member of Config"));
  it("a native body: an extraneous key", () =>
    expectInvalid(() => closed({ prompt: "x", topk: 5 }, "", ["prompt"]), "topk", "extraneous key is not permitted"));
  it("a key that might be content names the parent, never the key (the body at the root)", () => {
    expectInvalid(() => closed({ "tell me a secret": 1 }, "", []), "body", "extraneous key", "secret");
    expectInvalid(() => closed({ "tell me a secret": 1 }, "cfg", [], { shape: "Config" }), "cfg", "Config contains an unrecognized member", "secret");
  });
  it("a key starting with $ is not taken for a member name", () =>
    expectInvalid(() => closed({ $secret: 1 }, "cfg", []), "cfg", "extraneous key", "secret"));
  it("null and inherited members count as absent", () => {
    closed({ a: null }, "", []);
    expectInvalid(() => need(obj({}, ""), "constructor", ""), "constructor", "must not be null");
  });
  it("a refused member states the reason", () =>
    expectInvalid(() => closed({ s3: {} }, "src", ["bytes"], { shape: "Source", refused: { s3: "S3 sources are not supported" } }), "src.s3", "Member is not supported: S3 sources"));
  it("a union takes exactly one member", () => {
    assert.deepEqual(union({ text: "hi" }, "b", ["text", "image"], { shape: "Block" }), ["text", "hi"]);
    expectInvalid(() => union({ text: "a", image: {} }, "b", ["text", "image"], { shape: "Block" }), "b", "exactly one of [text, image]");
  });
});

describe("values", () => {
  it("strings bound the list and every item, naming the item's path", () => {
    assert.deepEqual(strings(["a", "b"], "stop", { max: 2 }, { min: 1 }), ["a", "b"]);
    expectInvalid(() => strings(["a", ""], "stop", {}, { min: 1 }), "stop.1", "greater than or equal to 1");
    expectInvalid(() => strings(["a", "b", "c"], "stop", { max: 2 }), "stop", "less than or equal to 2");
  });
  it("blob wants padded base64 and counts decoded bytes", () => {
    assert.deepEqual(blob("AAE=", "b"), new Uint8Array([0, 1]));
    expectInvalid(() => blob("AAE", "b"), "b", "base64");
    expectInvalid(() => blob("not base64!", "b"), "b", "base64", "not base64");
    expectInvalid(() => blob("", "b", { min: 1 }), "b", "greater than or equal to 1");
    expectInvalid(() => blob("AAAA", "b", { max: 2 }), "b", "less than or equal to 2");
  });
  it("blob checks a body of many megabytes without exhausting the stack", () => {
    const bytes = new Uint8Array(4_000_000).fill(7);
    assert.equal(blob(Buffer.from(bytes).toString("base64"), "b").length, bytes.length);
  });
});

describe("native images go through the same blob check", () => {
  it("a Llama image at Bedrock's 3.75 MB limit decodes", () => {
    const png = new Uint8Array(3_932_160);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const decoded = meta.decode({ prompt: "What is this?", images: [Buffer.from(png).toString("base64")] }, "meta.llama3-2-11b-instruct-v1:0");
    assert.equal(decoded.kind, "converse");
    const content = decoded.kind === "converse" ? decoded.command.conversation.reveal().messages[0]?.content : [];
    assert.equal(content?.[0]?.type, "image");
  });
  it("one byte over the limit is refused, naming the image", () =>
    expectInvalid(() => meta.decode({ prompt: "x", images: [Buffer.alloc(3_932_161).toString("base64")] }, "meta.llama3-2-11b-instruct-v1:0"), "images.0", "less than or equal to 3932160"));
});
