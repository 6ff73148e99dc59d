import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Fault } from "../../kernel/index.js";
import { decodePutResourcePolicy, decodeResourceArnLabel, encodeGetResourcePolicyOutput, encodePutResourcePolicyOutput } from "./resource-policy-codec.js";

const ARN = "arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0";
const field = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return (e as Fault).kind === "validation" ? (e as Fault).detail.field : `kind ${(e as Fault).kind}`; }
  return undefined;
};

describe("resource-policy codec", () => {
  it("reads PutResourcePolicy and writes the outputs in the model's member names", () => {
    assert.deepEqual(decodePutResourcePolicy({ resourceArn: ARN, resourcePolicy: "{\n\t\"Statement\": []\r\n}" }), { resourceArn: ARN, resourcePolicy: "{\n\t\"Statement\": []\r\n}" });
    assert.deepEqual(encodePutResourcePolicyOutput(ARN), { resourceArn: ARN });
    assert.deepEqual(encodeGetResourcePolicyOutput("{}"), { resourcePolicy: "{}" });
    assert.equal(decodeResourceArnLabel(ARN), ARN);
  });

  it("refuses missing, unknown, mistyped and out-of-range members, naming them", () => {
    assert.equal(field(() => decodePutResourcePolicy({ resourcePolicy: "{}" })), "resourceArn");
    assert.equal(field(() => decodePutResourcePolicy({ resourceArn: ARN })), "resourcePolicy");
    assert.equal(field(() => decodePutResourcePolicy({ resourceArn: ARN, resourcePolicy: "{}", tags: [] })), "tags");
    assert.equal(field(() => decodePutResourcePolicy({ resourceArn: 1, resourcePolicy: "{}" })), "resourceArn");
    assert.equal(field(() => decodePutResourcePolicy({ resourceArn: ARN, resourcePolicy: "" })), "resourcePolicy");
    assert.equal(field(() => decodePutResourcePolicy({ resourceArn: ARN, resourcePolicy: "\u0100" })), "resourcePolicy");
    assert.equal(field(() => decodePutResourcePolicy([])), "body");
    assert.equal(field(() => decodeResourceArnLabel("a".repeat(256))), "resourceArn");
  });
});
