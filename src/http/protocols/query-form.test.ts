import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { decodeQueryForm } from "./query-form.js";

const refusedForm = (text: string): void =>
  assert.throws(() => decodeQueryForm(Buffer.from(text)), (e) => isFault(e) && e.kind === "validation", text);

describe("awsQuery form members", () => {
  it("scalars, lists of scalars and structures, nested lists, maps, and empty values", () => {
    const form = "Action=CreateUser&Version=2010-05-08&UserName=a%2Bb%40c&Tags.member.1.Key=team&Tags.member.1.Value=&Tags.member.2.Key=k&Tags.member.2.Value=v%20w"
      + "&ContextEntries.member.1.ContextKeyValues.member.2=y&ContextEntries.member.1.ContextKeyValues.member.1=x"
      + "&Attributes.entry.1.key=one&Attributes.entry.1.value=1&Empty=";
    assert.deepEqual(decodeQueryForm(Buffer.from(form)), {
      Action: "CreateUser", Version: "2010-05-08", UserName: "a+b@c",
      Tags: [{ Key: "team", Value: "" }, { Key: "k", Value: "v w" }],
      ContextEntries: [{ ContextKeyValues: ["x", "y"] }],
      Attributes: { one: "1" },
      Empty: "",
    });
  });

  it("list indexes must be 1, 2, 3... written plainly", () => {
    refusedForm("L.member.2=a");
    refusedForm("L.member.1=a&L.member.3=b");
    refusedForm("L.member.0=a");
    refusedForm("L.member.01=a");
    refusedForm("L.member.x=a");
    refusedForm("L.member=a");
  });

  it("refuses repeated members, a member both value and structure, and malformed names", () => {
    refusedForm("A=1&A=2");
    refusedForm("A=1&A.B=2");
    refusedForm("A.B=2&A=1");
    refusedForm("A..B=1");
    refusedForm("A-B=1");
    refusedForm("M.entry.1.key=k&M.entry.1.value=1&M.entry.2.key=k&M.entry.2.value=2");
    refusedForm("M.entry.1.value=1");
  });

  it("no member name reaches Object.prototype", () => {
    for (const text of ["__proto__.polluted=1", "a.__proto__.polluted=1", "constructor.prototype.polluted=1", "M.entry.1.key=__proto__&M.entry.1.value=1"]) {
      refusedForm(text);
      assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    }
    // Names an object inherits are ordinary members here.
    assert.deepEqual(decodeQueryForm(Buffer.from("toString.x=1&hasOwnProperty=2")), { toString: { x: "1" }, hasOwnProperty: "2" });
  });

  it("at most 2000 members", () => {
    const many = Array.from({ length: 2001 }, (_, i) => `M${i}=1`).join("&");
    refusedForm(many);
  });
});
