import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../../kernel/index.js";
import type { ContentBlock, Conversation, DocumentBlock } from "../../kernel/index.js";
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
    { type: "reasoning", text: "thinking", signature: "sig" },
    { type: "redactedReasoning", data: new Uint8Array([7]) },
    { type: "text", text: "calling" },
    { type: "toolUse", toolUseId: "t", name: "f", input: { a: "x", b: ["y"] } },
  ];
  it("reads the reasoning, the text and the tool call's string values", () => assert.deepEqual(answerTexts(content).texts, ["thinking", "calling", "x", "y"]));
  it("puts masks back in place; the signature and redacted reasoning pass as they came", () => {
    assert.deepEqual(answerTexts(content).rewrite(["THINKING", "CALLING", "X", "Y"]), [
      { type: "reasoning", text: "THINKING", signature: "sig" }, content[1], { type: "text", text: "CALLING" }, { ...content[3], input: { a: "X", b: ["Y"] } },
    ]);
  });
});

describe("guardedTexts: documents, in messages and in tool results, marks or not", () => {
  const utf8 = (t: string) => new TextEncoder().encode(t);
  const doc = (over: Partial<DocumentBlock>): DocumentBlock => ({ type: "document", format: "txt", name: "notes", source: { text: "body" }, ...over });
  const asked = (blocks: ContentBlock[], guardMark = false): Conversation => ({
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "summarise", ...(guardMark ? { guard: true as const } : {}) }, ...blocks] }],
  });
  const table: [string, DocumentBlock, string[]][] = [
    ["a text source: name and text", doc({}), ["notes", "body"]],
    ["a context too", doc({ context: "from the CRM" }), ["notes", "from the CRM", "body"]],
    ["the UTF-8 bytes of a text format", doc({ format: "csv", source: { bytes: utf8("a,b\n1,2") } }), ["notes", "a,b\n1,2"]],
    ["a text source whatever its format", doc({ format: "pdf", source: { text: "plain" } }), ["notes", "plain"]],
    ["no title (Anthropic): nothing for it", doc({ name: "" }), ["body"]],
    ["pdf bytes: the name only", doc({ format: "pdf", source: { bytes: utf8("%PDF-1.7") } }), ["notes"]],
    ["text-format bytes that are not UTF-8: the name only", doc({ format: "md", source: { bytes: new Uint8Array([0xff, 0xfe, 0x00]) } }), ["notes"]],
  ];
  for (const [name, block, expected] of table) {
    it(name, () => assert.deepEqual(guardedTexts(asked([block])).texts, ["summarise", ...expected]));
  }

  it("marking a harmless text does not exempt a document, nor one in a tool result", () => {
    const result: ContentBlock = { type: "toolResult", toolUseId: "t1", content: [doc({ name: "fetched", source: { text: "page" } })] };
    assert.deepEqual(guardedTexts(asked([doc({}), result], true)).texts, ["summarise", "notes", "body", "fetched", "page"]);
  });

  it("rewrites each text in its place: text stays text, bytes stay UTF-8 bytes, a name keeps Bedrock's alphabet", () => {
    const blocks: ContentBlock[] = [
      doc({ name: "Sam Jones", context: "ctx", source: { text: "mail sam@example.org" } }),
      { type: "toolResult", toolUseId: "t1", content: [doc({ format: "md", name: "n", source: { bytes: utf8("mail sam@example.org") } })] },
    ];
    const guarded = guardedTexts(asked(blocks));
    const out = guarded.rewrite(guarded.texts.map((t) => t.replace("sam@example.org", "{EMAIL}").replace("Sam Jones", "{NAME_1}")));
    assert.deepEqual(out.messages[0]!.content[1], doc({ name: "[NAME-1]", context: "ctx", source: { text: "mail {EMAIL}" } }));
    const inResult = out.messages[0]!.content[2]!;
    assert.ok(inResult.type === "toolResult" && inResult.content[0]!.type === "document");
    const source = inResult.content[0]!.source;
    assert.ok("bytes" in source && new TextDecoder().decode(source.bytes) === "mail {EMAIL}");
  });

  it("bytes it cannot read pass unread under SELECTIVE scope (a request's guardrail, as Bedrock)", () => {
    assert.deepEqual(guardedTexts(asked([doc({ format: "docx", source: { bytes: utf8("PK") } })])).texts, ["summarise", "notes"]);
  });

  it("under COMPREHENSIVE scope they are refused, naming the bytes, rather than passed on unread", () => {
    const everything = { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } as const;
    const refused = (field: string) => (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === field && /cannot read a pdf document/.test(e.message);
    assert.throws(() => guardedTexts(asked([doc({ format: "pdf", source: { bytes: utf8("%PDF-1.7") } })]), everything), refused("messages.0.content.1.document.source.bytes"));
    const inResult: ContentBlock = { type: "toolResult", toolUseId: "t1", content: [{ type: "text", text: "x" }, doc({ format: "pdf", source: { bytes: utf8("%PDF-1.7") } })] };
    assert.throws(() => guardedTexts(asked([inResult]), everything), refused("messages.0.content.1.toolResult.content.1.document.source.bytes"));
    assert.deepEqual(guardedTexts(asked([doc({})]), everything).texts, ["summarise", "notes", "body"], "text it can read is read");
  });
});

describe("guardedTexts: a system prompt cut out of InvokeModel's raw prompt", () => {
  const raw = (guardMark: boolean, systemFromPrompt: boolean): Conversation => ({
    system: [{ type: "text", text: "system section" }],
    messages: [{ role: "user", content: [{ type: "text", text: "question", ...(guardMark ? { guard: true as const } : {}) }] }],
    ...(systemFromPrompt ? { systemFromPrompt: true as const } : {}),
  });
  const table: [string, boolean, boolean, string[]][] = [
    ["untagged: the whole prompt, system section included (Bedrock reads the prompt string whole)", false, true, ["system section", "question"]],
    ["tagged: only what the tags mark", true, true, ["question"]],
    ["a Converse system prompt stays the application's, read only when marked", false, false, ["question"]],
  ];
  for (const [name, marked, fromPrompt, expected] of table) {
    it(name, () => assert.deepEqual(guardedTexts(raw(marked, fromPrompt)).texts, expected));
  }
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
