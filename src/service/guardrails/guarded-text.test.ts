import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContentBlock, Conversation } from "../../kernel/index.js";
import { answerTexts, guardedTexts } from "./guarded-text.js";
import { toolInputTexts } from "./tool-texts.js";

/** Which texts of a conversation and of an answer a guardrail reads, and how masks are put back. */
const upper = (texts: readonly string[]) => texts.map((t) => t.toUpperCase());

const conversation = (guardMark: boolean): Conversation => ({
  system: [{ type: "text", text: "be brief" }],
  messages: [
    { role: "user", content: [{ type: "text", text: "look it up", ...(guardMark ? { guard: true as const } : {}) }, { type: "text", text: "unmarked" }] },
    { role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "lookup", input: { who: "sam", n: 2 } }] },
    {
      role: "user",
      content: [{
        type: "toolResult", toolUseId: "t1",
        content: [{ type: "text", text: "record found" }, { type: "json", json: { name: "sam", ids: ["a1", 7], nested: { city: "leeds" } } }, { type: "image", format: "png", bytes: new Uint8Array([1]) }],
      }],
    },
  ],
});

describe("guardedTexts: tool traffic in the caller's messages", () => {
  const table: [string, boolean, string[]][] = [
    ["unmarked: every message text, the tool call's input and the tool result", false, ["look it up", "unmarked", "sam", "record found", "sam", "a1", "leeds"]],
    ["marked: only the marked text, but tool traffic still", true, ["look it up", "sam", "record found", "sam", "a1", "leeds"]],
  ];
  for (const [name, marked, expected] of table) {
    it(name, () => assert.deepEqual(guardedTexts(conversation(marked)).texts, expected));
  }

  it("counts the whole conversation's text as the total, read or not (the unmarked system prompt, and the unmarked text once some is marked)", () => {
    const all = ["be brief", "look it up", "unmarked", "sam", "record found", "sam", "a1", "leeds"].join("").length;
    assert.equal(guardedTexts(conversation(false)).totalCharacters, all);
    assert.equal(guardedTexts(conversation(true)).totalCharacters, all);
    assert.equal(guardedTexts(conversation(true), { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" }).totalCharacters, all);
  });

  it("rewrites each text in its place: string values only, keys, numbers and images as they were", () => {
    const guarded = guardedTexts(conversation(false));
    const out = guarded.rewrite(upper(guarded.texts));
    assert.deepEqual(out.system, [{ type: "text", text: "be brief" }]);
    assert.deepEqual(out.messages[1]!.content[0], { type: "toolUse", toolUseId: "t1", name: "lookup", input: { who: "SAM", n: 2 } });
    const result = out.messages[2]!.content[0]!;
    assert.ok(result.type === "toolResult");
    assert.deepEqual(result.content.slice(0, 2), [{ type: "text", text: "RECORD FOUND" }, { type: "json", json: { name: "SAM", ids: ["A1", 7], nested: { city: "LEEDS" } } }]);
    assert.equal(result.content[2]!.type, "image");
  });
});

describe("answerTexts: what the output policies read in a model's answer", () => {
  const content: ContentBlock[] = [
    { type: "reasoning", text: "thinking" },
    { type: "text", text: "calling" },
    { type: "toolUse", toolUseId: "t", name: "f", input: { a: "x", b: ["y"] } },
  ];
  it("reads text and the tool call's string values, not reasoning", () => assert.deepEqual(answerTexts(content).texts, ["calling", "x", "y"]));
  it("puts masks back in place", () => {
    assert.deepEqual(answerTexts(content).rewrite(["CALLING", "X", "Y"]), [content[0], { type: "text", text: "CALLING" }, { ...content[2], input: { a: "X", b: ["Y"] } }]);
  });
});

describe("toolInputTexts: a streamed call's JSON", () => {
  const table: [string, string, string[], string][] = [
    ["JSON: its string values, re-serialised when one changed", '{"a": "x", "n": 1}', ["x"], '{"a":"X","n":1}'],
    ["not JSON: the whole text", '{"a": "x', ['{"a": "x'], '{"A": "X'],
    ["empty: nothing", "", [], ""],
  ];
  for (const [name, raw, texts, rebuilt] of table) {
    it(name, () => {
      const t = toolInputTexts(raw);
      assert.deepEqual(t.texts, texts);
      assert.equal(t.rebuild(upper(t.texts)), rebuilt);
    });
  }
  it("unchanged values give back the provider's own text", () => assert.equal(toolInputTexts('{ "a" : "x" }').rebuild(["x"]), '{ "a" : "x" }'));
});
