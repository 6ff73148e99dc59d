import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { profileArnOf, resolveGuardrailProfile } from "./profiles.js";

const ACCOUNT = "123456789012";
const arn = (region: string, id: string, account = ACCOUNT) => `arn:aws:bedrock:${region}:${account}:guardrail-profile/${id}`;

const rows: readonly [region: string, identifier: string, expected: string | RegExp][] = [
  ["eu-west-2", "eu.guardrail.v1:0", "eu.guardrail.v1:0"],
  ["eu-west-2", arn("eu-west-2", "eu.guardrail.v1:0"), "eu.guardrail.v1:0"],
  ["us-east-1", "us.guardrail.v1:0", "us.guardrail.v1:0"],
  ["ap-northeast-1", "jp.guardrail.v1:0", "jp.guardrail.v1:0"],
  ["ap-northeast-1", "apac.guardrail.v1:0", "apac.guardrail.v1:0"],
  ["eu-west-2", "us.guardrail.v1:0", /not offered in eu-west-2/],
  ["ap-southeast-1", "jp.guardrail.v1:0", /not offered in ap-southeast-1/],
  ["eu-west-2", "eu.guardrail.v2:0", /there is no guardrail profile eu\.guardrail\.v2:0/],
  ["eu-west-2", "mars.guardrail.v1:0", /there is no guardrail profile/],
  ["eu-west-2", arn("eu-west-1", "eu.guardrail.v1:0"), /names eu-west-1/],
  ["eu-west-2", arn("eu-west-2", "eu.guardrail.v1:0", "999988887777"), /another account/],
  ["eu-west-2", "arn:aws-cn:bedrock:eu-west-2:123456789012:guardrail-profile/eu.guardrail.v1:0", /partition aws-cn/],
  ["eu-west-2", "EU.guardrail.v1:0", /Member must be a guardrail profile id/],
  ["eu-west-2", "eu.guardrail.v1:0 ", /Member must be a guardrail profile id/],
  ["eu-west-2", arn("eu-west-2", "eu.guardrail.v1:0").replace("guardrail-profile", "guardrail"), /Member must be a guardrail profile id/],
];

describe("a guardrail profile, resolved once for the region and the caller's account", () => {
  for (const [region, identifier, expected] of rows) {
    it(`${region}: ${identifier} → ${expected}`, () => {
      if (typeof expected === "string") {
        assert.deepEqual(resolveGuardrailProfile(identifier, region, ACCOUNT), { id: expected, arn: arn(region, expected) });
      } else {
        assert.throws(() => resolveGuardrailProfile(identifier, region, ACCOUNT), (e: unknown) =>
          e instanceof Fault && e.kind === "validation" && e.message.includes("crossRegionConfig.guardrailProfileIdentifier") && expected.test(e.message));
      }
    });
  }

  it("the profile's ARN beside a guardrail's is the one resolve answers", () => {
    assert.equal(profileArnOf(`arn:aws:bedrock:eu-west-2:${ACCOUNT}:guardrail/abc123def456`, "eu.guardrail.v1:0"), arn("eu-west-2", "eu.guardrail.v1:0"));
  });
});
