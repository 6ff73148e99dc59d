import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy } from "./compile.js";
import { loadIamCatalog } from "./catalog.js";
import { SuppliedKeys } from "./supplied-keys.js";

/**
 * Access Analyzer's "missing context key", for plinth: a condition on a key that none of the
 * statement's actions supplies here is reported as a warning, at the key's path; the policy is
 * still accepted, as AWS accepts it.
 */
const catalog = loadIamCatalog();
const supplied = new SuppliedKeys({
  "iam:AttachUserPolicy": { supplied: ["iam:PolicyARN", "aws:ResourceTag/${TagKey}"] },
  "iam:CreateAccessKey": { supplied: ["aws:ResourceTag/${TagKey}"] },
  "iam:ListUsers": { supplied: [] },
  "iam:GetUser": { supplied: [] },
}, ["aws:SourceIp", "aws:PrincipalTag/${TagKey}"]);
const doc = (statement: object): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Resource: "*", ...statement }] });
const warnings = (statement: object): string[] => {
  const r = compilePolicy(doc(statement), "identity", "p", { catalog, supplied });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.warnings.filter((w) => /plinth supplies this condition key for none/.test(w.message)).map((w) => w.path);
};

describe("conditions on keys plinth never supplies", () => {
  const cases: Array<[string, object, string[]]> = [
    ["a key the action supplies", { Action: "iam:AttachUserPolicy", Condition: { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } } }, []],
    ["a key the action does not supply", { Action: "iam:AttachUserPolicy", Condition: { StringEquals: { "iam:PermissionsBoundary": "x" } } },
      ["Statement[0].Condition.StringEquals.iam:PermissionsBoundary"]],
    ["a tag key matches its family", { Action: "iam:CreateAccessKey", Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } } }, []],
    ["one action of the statement supplying it is enough", { Action: "iam:*", Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } } }, []],
    ["NotAction: the served actions it leaves", { NotAction: ["iam:AttachUserPolicy", "iam:CreateAccessKey"], Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } } },
      ["Statement[0].Condition.StringEquals.aws:ResourceTag/protected"]],
    ["a global key of the request context", { Action: "iam:GetUser", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }, []],
    ["a global key plinth never supplies", { Action: "iam:GetUser", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::b" } } }, ["Statement[0].Condition.ArnLike.aws:SourceArn"]],
    ["a statement on actions plinth does not serve is not its concern", { Action: "s3:ListBucket", Condition: { StringEquals: { "s3:prefix": "a" } } }, []],
  ];
  for (const [name, statement, expected] of cases) it(name, () => assert.deepEqual(warnings(statement), expected));

  it("without the table, no such warning (validation of what AWS would accept is unchanged)", () => {
    const r = compilePolicy(doc({ Action: "iam:GetUser", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::b" } } }), "identity", "p", { catalog });
    assert.ok(r.ok && r.warnings.every((w) => !/plinth supplies/.test(w.message)));
  });
});
