import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { parsePointer, pickResponseFields } from "./response-fields.js";

const answer = {
  id: "msg_1",
  stop_reason: "stop_sequence",
  stop_sequence: null,
  delta: { stop_sequence: "END", stop_reason: "stop_sequence" },
  content: [{ type: "thinking", thinking: "t" }, { type: "text", text: "hi" }],
  "a/b": 1,
  "m~n": 2,
  "": { deep: true },
  usage: { input_tokens: 3, output_tokens: 4 },
};

describe("pickResponseFields: JSON pointers into a raw answer", () => {
  const cases: [string, string[], unknown][] = [
    ["the AI SDK's stop sequence path", ["/delta/stop_sequence"], { delta: { stop_sequence: "END" } }],
    ["a null that is present is kept", ["/stop_sequence"], { stop_sequence: null }],
    ["two paths into one object merge", ["/usage/input_tokens", "/usage/output_tokens"], { usage: { input_tokens: 3, output_tokens: 4 } }],
    ["~1 is a slash in a key", ["/a~1b"], { "a/b": 1 }],
    ["~0 is a tilde in a key", ["/m~0n"], { "m~n": 2 }],
    ["an empty key", ["//deep"], { "": { deep: true } }],
    ["an array index keeps its position", ["/content/1/text"], { content: [null, { text: "hi" }] }],
    ["index 0", ["/content/0/type"], { content: [{ type: "thinking" }] }],
    ["a whole subtree", ["/usage"], { usage: { input_tokens: 3, output_tokens: 4 } }],
    ["a subtree then a leaf inside it", ["/delta", "/delta/stop_reason"], { delta: { stop_sequence: "END", stop_reason: "stop_sequence" } }],
    ["missing paths are left out", ["/nope", "/delta/nope", "/content/9", "/content/-", "/content/01", "/id/x"], undefined],
    ["missing and present together", ["/nope", "/id"], { id: "msg_1" }],
    ["no pointers", [], undefined],
    ["prototype members are not reachable", ["/constructor", "/__proto__", "/usage/hasOwnProperty"], undefined],
  ];
  for (const [name, pointers, expected] of cases) {
    it(name, () => assert.deepEqual(pickResponseFields(answer, pointers), expected));
  }
  it("the empty pointer is the whole answer", () => {
    assert.deepEqual(pickResponseFields({ a: 1 }, [""]), { a: 1 });
  });
  it("a __proto__ key in the answer is an ordinary key of the result", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}');
    const out = pickResponseFields(hostile, ["/__proto__/polluted"])!;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it("the result is a copy: changing it leaves the answer alone", () => {
    const out = pickResponseFields(answer, ["/usage"])! as { usage: { input_tokens: number } };
    out.usage.input_tokens = 99;
    assert.equal(answer.usage.input_tokens, 3);
  });
});

describe("parsePointer", () => {
  it("unescapes ~1 before ~0, as RFC 6901 requires", () => assert.deepEqual(parsePointer("/~01", "f"), ["~1"]));
  const bad = ["delta", "/a~2", "/a~"];
  for (const pointer of bad) {
    it(`${JSON.stringify(pointer)} is refused naming its position`, () => {
      assert.throws(() => pickResponseFields(answer, ["/id", pointer]), (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === "additionalModelResponseFieldPaths.1");
    });
  }
});
