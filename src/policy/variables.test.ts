import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseTemplate, resolveText, resolveTokens } from "./variables.js";
import { compileTokens } from "./glob.js";

const ctx = new Map<string, string | boolean | string[]>([["aws:username", "alice"], ["aws:principaltag/team", "blue"], ["aws:tagkeys", ["a", "b"]], ["aws:securetransport", true]]);
const tpl = (text: string) => {
  const r = parseTemplate(text);
  assert.ok(r.ok, text);
  return r.template;
};

describe("policy variables", () => {
  it("substitutes single-valued context keys, case-insensitively", () => {
    assert.equal(resolveText(tpl("home/${aws:username}/"), ctx), "home/alice/");
    assert.equal(resolveText(tpl("${AWS:UserName}"), ctx), "alice");
    assert.equal(resolveText(tpl("${aws:SecureTransport}"), ctx), "true");
  });
  it("uses the default when the key is absent, and is unresolved without one", () => {
    assert.equal(resolveText(tpl("bucket-${aws:PrincipalTag/dept, 'company-wide'}"), ctx), "bucket-company-wide");
    assert.equal(resolveText(tpl("bucket-${aws:PrincipalTag/dept}"), ctx), undefined);
  });
  it("never substitutes a multi-valued key", () => {
    assert.equal(resolveText(tpl("${aws:TagKeys}"), ctx), undefined);
  });
  it("${*}, ${?} and ${$} are literal characters, never wildcards", () => {
    const m = compileTokens(resolveTokens(tpl("a${*}b*"), ctx) ?? []);
    assert.equal(m("a*bzzz"), true);
    assert.equal(m("axbzzz"), false);
    assert.equal(resolveText(tpl("${$}${?}"), ctx), "$?");
  });
  it("substituted values are literal even in Like patterns", () => {
    const m = compileTokens(resolveTokens(tpl("${aws:username}*"), new Map([["aws:username", "a?"]])) ?? []);
    assert.equal(m("a?z"), true);
    assert.equal(m("abz"), false);
  });
  it("refuses malformed variables", () => {
    for (const bad of ["${aws:username", "${}", "${ aws:username}", "${aws:x, default}", "${aws:x, 'd}", "${aws:x, 'd' }"]) {
      assert.equal(parseTemplate(bad).ok, false, bad);
    }
  });
});
