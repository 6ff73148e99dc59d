import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { versionNumber } from "./iam-rows.js";
import { IAM_PATH, MFA_SERIAL, ORGANIZATION_ID, PATH_PREFIX, ROOT_ID, SCP_ID, requireIamArn } from "./shapes.js";

describe("store shapes", () => {
  it("an MFA serial number yields its account and its device name, whatever the path", () => {
    assert.deepEqual(MFA_SERIAL.exec("arn:aws:iam::123456789012:mfa/phone")?.slice(1), ["123456789012", "phone"]);
    assert.deepEqual(MFA_SERIAL.exec("arn:aws:iam::123456789012:mfa/people/ana/phone")?.slice(1), ["123456789012", "phone"]);
    for (const bad of ["arn:aws:iam::123456789012:mfa/", "arn:aws:iam::123456789012:mfa//phone", "arn:aws:iam::aws:mfa/phone", "arn:aws:iam::123456789012:user/phone"]) {
      assert.equal(MFA_SERIAL.test(bad), false, bad);
    }
  });

  it("IAM paths begin and end with / and hold at most 512 characters; prefixes begin with /", () => {
    assert.ok(IAM_PATH.test("/") && IAM_PATH.test("/a/b/") && IAM_PATH.test(`/${"a".repeat(510)}/`));
    assert.ok(!IAM_PATH.test(`/${"a".repeat(511)}/`) && !IAM_PATH.test("/a") && !IAM_PATH.test("a/") && !IAM_PATH.test("/a b/"));
    assert.ok(PATH_PREFIX.test("/") && PATH_PREFIX.test("/eng") && !PATH_PREFIX.test("eng/"));
  });

  it("organisation, root and SCP ids follow Organizations' patterns", () => {
    assert.ok(ORGANIZATION_ID.test("o-abcde12345") && !ORGANIZATION_ID.test("o-abc") && !ORGANIZATION_ID.test("o-ABCDE12345"));
    assert.ok(ROOT_ID.test("r-ab12") && !ROOT_ID.test("r-a"));
    assert.ok(SCP_ID.test("p-FullAWSAccess") && SCP_ID.test("p-abcd1234") && !SCP_ID.test("p-abc"));
  });

  it("a policy version id is v and a positive number; anything else is no version", () => {
    assert.equal(versionNumber("v1"), 1);
    assert.equal(versionNumber("v42"), 42);
    for (const bad of ["v0", "1", "V1", "v01", "v1.5", "v", "v1234567890"]) assert.equal(versionNumber(bad), undefined, bad);
  });

  it("an ARN that does not follow from account, path and name is refused, naming the arn field", () => {
    requireIamArn("arn:aws:iam::123456789012:role/ci/deployer", "123456789012", "role", "/ci/", "deployer");
    assert.throws(() => requireIamArn("arn:aws:iam::123456789012:role/deployer", "123456789012", "role", "/ci/", "deployer"),
      (e: unknown) => e instanceof Error && "detail" in e && (e as { detail: { field?: string } }).detail.field === "arn");
  });
});
