import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { parseJsonBody } from "../bedrock-runtime/json-body.js";
import { QueryMembers } from "../iam/form.js";
import { readBody } from "../organizations/members.js";
import { defineOperation } from "../operation.js";
import { Router } from "../router.js";
import { decodeQueryForm } from "./query-form.js";
import { formPairs, queryPairs } from "./unicode.js";

/**
 * Ill-formed Unicode is refused where text enters, on every surface, as a validation fault
 * naming the member: a lone surrogate (a JSON `\ud800` escape, or its bytes %ED%A0%80),
 * invalid UTF-8 (%C0%80, %FF, raw bytes), a bad percent escape. Well-formed text, astral
 * characters and a leading U+FEFF included, comes through exactly as sent.
 */
function refusedNaming(field: string, call: () => unknown, code?: string): void {
  assert.throws(call, (e: unknown) => {
    assert.ok(e instanceof Fault, String(e));
    assert.equal(e.kind, "validation");
    assert.equal(e.detail.field, field, e.message);
    assert.match(e.message, new RegExp(`'${field.replace(/[.*]/g, "\\$&")}'`), "the message names the field");
    if (code !== undefined) assert.equal(e.detail.reason, code);
    return true;
  });
}

const json = (text: string) => () => parseJsonBody(Buffer.from(text), {});

describe("ill-formed Unicode in JSON bodies (restJson, native InvokeModel, awsJson)", () => {
  const refused: Array<[string, string, string]> = [
    ["a lone high surrogate in a message text", '{"messages":[{"role":"user","content":[{"text":"a\\ud800b"}]}]}', "messages.0.content.0.text"],
    ["a lone low surrogate at the end", '{"system":[{"text":"x\\udfff"}]}', "system.0.text"],
    ["reversed surrogates", '{"Description":"\\udc00\\ud800"}', "Description"],
    ["a high surrogate followed by a letter", '{"Name":"\\ud83dA"}', "Name"],
    ["in a tag value", '{"Tags":[{"Key":"k","Value":"\\ud800"}]}', "Tags.0.Value"],
    ["in a member name", '{"additionalModelRequestFields":{"\\ud800":1}}', "additionalModelRequestFields"],
    ["under a key that may be content", '{"requestMetadata":{"my key":"\\ud800"}}', "requestMetadata.*"],
    ["a whole body that is one string", '"\\ud800"', "body"],
    ["deep in a tool input document", '{"a":{"b":[[{"c":"\\udbff"}]]}}', "a.b.0.0.c"],
  ];
  for (const [name, body, field] of refused) it(`refuses ${name}, naming ${field}`, () => refusedNaming(field, json(body)));

  it("keeps well-formed text as sent: surrogate pairs, astral characters, U+FFFD, a BOM inside a string", () => {
    const text = "\u{1F600} \ud83d\ude00 \ufffd \ufeffé";
    assert.deepEqual(parseJsonBody(Buffer.from(JSON.stringify({ text, [text]: 1 }))), { text, [text]: 1 });
    assert.deepEqual(parseJsonBody(Buffer.from('{"t":"\\ud83d\\ude00"}')), { t: "\u{1F600}" });
  });

  it("the refusal quotes no part of the value", () => {
    assert.throws(json('{"text":"SECRET-PROMPT\\ud800"}'), (e: unknown) => e instanceof Fault && !e.message.includes("SECRET"));
  });
});

describe("ill-formed Unicode in awsQuery forms (IAM, STS)", () => {
  const form = (text: string | Buffer) => () => decodeQueryForm(typeof text === "string" ? Buffer.from(text) : text);
  const refused: Array<[string, string | Buffer, string]> = [
    ["a lone surrogate's bytes (CESU-8)", "Action=CreatePolicy&Description=a%ED%A0%80b", "Description"],
    ["a lone low surrogate's bytes", "Path=%2F%ED%B0%80%2F", "Path"],
    ["an overlong NUL", "UserName=a%C0%80", "UserName"],
    ["a stray continuation byte", "Tags.member.1.Key=k&Tags.member.1.Value=%80", "Tags.member.1.Value"],
    ["a truncated sequence", "PolicyName=%E2%82", "PolicyName"],
    ["0xFF", "Description=%FF", "Description"],
    ["an encoded code point past U+10FFFF", "Description=%F4%90%80%80", "Description"],
    ["raw invalid bytes", Buffer.concat([Buffer.from("Description=a"), Buffer.from([0xed, 0xa0, 0x80])]), "Description"],
    ["a bad percent escape", "Description=100%", "Description"],
    ["a non-hex percent escape", "Description=%ZZ", "Description"],
    ["an ill-formed member name", "A%ED%A0%80=1", "body"],
    ["an ill-formed value under a name that may be content", "a%20b=%FF", "body"],
  ];
  for (const [name, text, field] of refused) it(`refuses ${name}, naming ${field}`, () => refusedNaming(field, form(text)));

  it("keeps well-formed text as sent: four-byte characters, plus as space, raw UTF-8, a leading BOM", () => {
    const text = Buffer.concat([Buffer.from("A=%F0%9F%98%80+x&B=%EF%BB%BFy&C="), Buffer.from("é")]);
    assert.deepEqual(decodeQueryForm(text), { A: "\u{1F600} x", B: "\ufeffy", C: "é" });
    assert.deepEqual(formPairs(Buffer.from("&&a&b=&=c&"), "body"), [["a", ""], ["b", ""], ["", "c"]]);
  });

  it("IAM answers these as ValidationError, its code for a broken constraint", () => {
    refusedNaming("Description", () => QueryMembers.read(Buffer.from("Action=CreatePolicy&Description=%ED%A0%80"), new URLSearchParams()), "constraint");
  });
});

describe("ill-formed Unicode in awsJson (Organizations) bodies", () => {
  it("refuses a lone surrogate in CreatePolicy's Name and Description, naming the member", () => {
    const read = (o: string) => () => readBody(Buffer.from(o), "application/x-amz-json-1.1", ["Name", "Description"], "CreatePolicyRequest");
    refusedNaming("Name", read('{"Name":"n\\ud800"}'));
    refusedNaming("Description", read('{"Description":"\\udc00"}'));
  });
});

describe("ill-formed Unicode in URLs (query parameters, path labels)", () => {
  const refused: Array<[string, string, string]> = [
    ["a lone surrogate's bytes", "byProvider=%ED%A0%80", "byProvider"],
    ["an overlong encoding", "byProvider=%C0%AF", "byProvider"],
    ["a truncated escape", "byProvider=%E", "byProvider"],
    ["raw non-ASCII (as HTTP/2 hands :path over)", "byProvider=\u00ed\u00a0\u0080", "query"],
    ["a raw space", "byProvider=a b", "query"],
  ];
  for (const [name, query, field] of refused) it(`refuses ${name} in a query, naming ${field}`, () => refusedNaming(field, () => queryPairs(query)));

  it("keeps a well-formed query as URLSearchParams reads it", () => {
    const raw = "a=%F0%9F%98%80&b=x+y%2B&c&X-Amz-Date=1";
    assert.deepEqual(queryPairs(raw), [...new URLSearchParams(raw)]);
  });

  const router = new Router([defineOperation({
    name: "Converse", method: "POST", path: "/model/{modelId}/converse", signingService: "bedrock", action: "bedrock:InvokeModel",
    decode: () => undefined, resource: () => "*", invoke: async () => undefined, encode: () => ({ kind: "json", status: 200, body: {} }),
  })]);
  for (const [name, label] of [["a lone surrogate's bytes", "%ED%A0%80"], ["an overlong NUL", "%C0%80"], ["0xFF", "%FF"], ["raw non-ASCII", "\u00ed\u00a0\u0080"], ["a bad escape", "a%2"]]) {
    it(`refuses ${name} in a path label, naming it`, () => refusedNaming("modelId", () => router.match("POST", `/model/${label}/converse`)));
  }
  it("escapes of ASCII only decode to the same characters as through the strict decoder", () => {
    for (const [label, expected] of [["meta.llama3-1-8b-instruct-v1%3A0", "meta.llama3-1-8b-instruct-v1:0"], ["%00%7F%2F%25", "\u0000\u007f/%"], ["%41%C3%A9", "A\u00e9"], ["%EF%BB%BFx", "\ufeffx"]] as const) {
      const m = router.match("POST", `/model/${label}/converse`);
      assert.ok(m && "ops" in m);
      assert.equal(m.params["modelId"], expected, label);
    }
  });
  it("decodes a well-formed label once, a plus sign staying a plus sign", () => {
    const m = router.match("POST", "/model/a%2Bb+%F0%9F%98%80%253A/converse");
    assert.ok(m && "ops" in m);
    assert.deepEqual(m.params, { modelId: "a+b+\u{1F600}%3A" });
  });
});

describe("the shared strict decoders", () => {
  // One decoder serves every call: a refused input must leave nothing behind for the next one.
  const cases: [string, string, string | undefined][] = [
    ["a truncated sequence", "a=%C3", undefined],
    ["then a whole one", "a=%C3%A9", "é"],
    ["an invalid byte", "a=%FF", undefined],
    ["then plain ASCII (decoded as itself)", "a=x+y", "x y"],
    ["a lone lead byte at the end", "a=%E2%82", undefined],
    ["then a three-byte sequence", "a=%E2%82%AC", "€"],
    ["plain ASCII with a plus kept in a value", "a=1%2B1", "1+1"],
  ];
  for (const [name, form, expected] of cases) {
    it(name, () => {
      if (expected === undefined) assert.throws(() => formPairs(Buffer.from(form, "latin1"), "body"), Fault);
      else assert.deepEqual(formPairs(Buffer.from(form, "latin1"), "body"), [["a", expected]]);
    });
  }
  it("JSON bodies: a body of bad bytes, then a good one", () => {
    assert.throws(() => parseJsonBody(Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3])), Fault);
    assert.deepEqual(parseJsonBody(Buffer.from('{"a":"é"}')), { a: "é" });
  });
});
