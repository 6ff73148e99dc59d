import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJson, policySize } from "./json.js";

describe("strict json", () => {
  it("parses what JSON.parse parses", () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\u0041\\n"],"b":{}}';
    const r = parseJson(text);
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(r.value)), JSON.parse(text));
  });
  it("reports a repeated key with its path, which JSON.parse would silently drop", () => {
    const r = parseJson('{"Statement":[{"Condition":{"StringEquals":{"a:b":"1"},"StringEquals":{"a:c":"2"}}}]}');
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems, [{ path: "Statement[0].Condition.StringEquals", message: "duplicate key" }]);
  });
  it("keeps __proto__ an ordinary key", () => {
    const r = parseJson('{"__proto__":{"polluted":true}}');
    assert.ok(r.ok);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    assert.deepEqual(Object.keys(r.value as object), ["__proto__"]);
  });
  it("refuses malformed json with the position", () => {
    for (const bad of ["", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "'x'", "{\"a\":1}x", "01", "\"\u0001\""]) {
      const r = parseJson(bad);
      assert.equal(r.ok, false, bad);
      assert.match(!r.ok ? (r.problems[0]?.message ?? "") : "", /^invalid json at character \d+/);
    }
    assert.equal(parseJson("[".repeat(100)).ok, false);
  });
  it("measures size with or without white space outside strings", () => {
    const text = '{ "a" : "b c" }';
    assert.equal(policySize(text, true), text.length);
    assert.equal(policySize(text, false), '{"a":"b c"}'.length);
    assert.equal(policySize('{"a":"\\" x"}', false), '{"a":"\\" x"}'.length);
  });
});
