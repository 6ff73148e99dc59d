import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compileGlob, compileTokens, ONE, STAR } from "./glob.js";
import { compileArnTokens, splitArn, splitArnTokens } from "./arn-match.js";
import { globTokens } from "./glob.js";

const CASES: Array<[pattern: string, subject: string, expected: boolean]> = [
  ["*", "", true], ["*", "anything", true], ["abc", "abc", true], ["abc", "abcd", false],
  ["a*", "a", true], ["a*", "ba", false], ["*c", "abc", true], ["*c", "cb", false],
  ["a*c", "ac", true], ["a*c", "abbbc", true], ["a*c", "abcd", false],
  ["a?c", "abc", true], ["a?c", "ac", false], ["a?c", "abbc", false], ["???", "abc", true], ["???", "ab", false],
  ["*log*", "my-logs", true], ["*log*", "lo-g", false], ["a*b*c", "aXbYc", true], ["a*b*c", "acb", false],
  ["*a*a*", "aa", true], ["*a*a*", "a", false], ["a*?", "a", false], ["a*?", "ab", true],
  ["*ab?d*", "xxabcdyy", true], ["*ab?d*", "xxabcyy", false], ["x*x", "x", false], ["x*x", "xx", true],
];

describe("glob", () => {
  for (const [p, s, expected] of CASES) {
    it(`${JSON.stringify(p)} ${expected ? "matches" : "does not match"} ${JSON.stringify(s)}`, () => {
      assert.equal(compileGlob(p)(s), expected);
    });
  }
  it("is case-sensitive unless asked (then the caller lower-cases the subject)", () => {
    assert.equal(compileGlob("bedrock:Invoke*")("bedrock:invokemodel"), false);
    assert.equal(compileGlob("bedrock:Invoke*", true)("bedrock:invokemodel"), true);
  });
  it("treats a literal token's * and ? as characters, not wildcards", () => {
    const m = compileTokens(["a", "*", STAR]);
    assert.equal(m("a*xyz"), true);
    assert.equal(m("abxyz"), false);
    assert.equal(compileTokens(["?", ONE])("?x"), true);
    assert.equal(compileTokens(["?", ONE])("xx"), false);
  });
});

describe("arn matching", () => {
  it("splits an ARN into six components, the last keeping its colons", () => {
    assert.deepEqual(splitArn("arn:aws:bedrock:us-east-1:111122223333:guardrail/g1:3"), ["arn", "aws", "bedrock", "us-east-1", "111122223333", "guardrail/g1:3"]);
    assert.equal(splitArn("*"), undefined);
  });
  it("matches component by component, so * in the region does not cross into the account", () => {
    const m = compileArnTokens(globTokens("arn:aws:someservice:*:111122223333:finance/*"));
    assert.equal(m(splitArn("arn:aws:someservice:us-east-2:111122223333:finance/a.txt")), true);
    // The IAM operator docs' own example: StringLike would match this, ArnLike must not.
    assert.equal(m(splitArn("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")), false);
  });
  it("a lone * matches anything, even a non-ARN; other short patterns match nothing", () => {
    assert.equal(compileArnTokens(globTokens("*"))(undefined), true);
    assert.equal(compileArnTokens(globTokens("arn:aws:*"))(splitArn("arn:aws:s3:::b")), false);
    assert.equal(splitArnTokens(globTokens("arn:aws:s3")), undefined);
  });
});
