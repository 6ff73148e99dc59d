import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../../kernel/index.js";
import { decodeGetRetention, decodePutRetention, encodeRetention } from "./data-retention-codec.js";

function refusedField(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return e.detail.field; }
  assert.fail("expected a ValidationException");
}

describe("PutAccountDataRetention's codec", () => {
  it("takes each of Bedrock's modes", () => {
    for (const mode of ["default", "none", "aws_review", "provider_data_share", "inherit"]) assert.equal(decodePutRetention({ mode }), mode);
  });

  const bad: [string, unknown, string][] = [
    ["no mode", {}, "mode"],
    ["a null mode", { mode: null }, "mode"],
    ["a mode outside the enum", { mode: "forever" }, "mode"],
    ["a mode in the wrong case", { mode: "NONE" }, "mode"],
    ["a mode that is not a string", { mode: 1 }, "mode"],
    ["an unknown member", { mode: "none", region: "eu-west-2" }, "region"],
  ];
  for (const [name, body, field] of bad) {
    it(`refuses ${name}, naming ${field}`, () => assert.equal(refusedField(() => decodePutRetention(body)), field));
  }

  it("refuses a body that is not an object", () => assert.equal(typeof refusedField(() => decodePutRetention([])), "string"));
});

describe("GetAccountDataRetention's codec", () => {
  it("takes no query parameters", () => {
    decodeGetRetention(new URLSearchParams());
    assert.equal(refusedField(() => decodeGetRetention(new URLSearchParams("mode=none"))), "mode");
  });

  it("answers the mode, and updatedAt only once one was stated", () => {
    assert.deepEqual(encodeRetention({ mode: "none" }), { mode: "none" });
    assert.deepEqual(encodeRetention({ mode: "inherit", updatedAt: new Date("2026-12-05T07:00:00Z") }), { mode: "inherit", updatedAt: "2026-12-05T07:00:00.000Z" });
  });
});
