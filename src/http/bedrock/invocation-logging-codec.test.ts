import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../../kernel/index.js";
import { decodeNoInput, decodePutLogging, encodeLoggingConfig } from "./invocation-logging-codec.js";

function refusal(fn: () => unknown): Fault {
  try { fn(); } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return e; }
  assert.fail("expected a ValidationException");
}

const OFF = { textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };

describe("PutModelInvocationLoggingConfiguration's codec", () => {
  it("takes the delivery flags, an absent flag being off", () => {
    assert.deepEqual(decodePutLogging({ loggingConfig: { textDataDeliveryEnabled: true } }), { ...OFF, textDataDeliveryEnabled: true });
    assert.deepEqual(decodePutLogging({ loggingConfig: {} }), OFF);
    assert.deepEqual(decodePutLogging({ loggingConfig: { audioDataDeliveryEnabled: true, embeddingDataDeliveryEnabled: null } }), { ...OFF, audioDataDeliveryEnabled: true });
  });

  const bad: [string, unknown, string][] = [
    ["no loggingConfig", {}, "loggingConfig"],
    ["a loggingConfig that is not an object", { loggingConfig: true }, "loggingConfig"],
    ["a flag that is not a boolean", { loggingConfig: { textDataDeliveryEnabled: "true" } }, "loggingConfig.textDataDeliveryEnabled"],
    ["an unknown flag", { loggingConfig: { textDeliveryEnabled: true } }, "loggingConfig.textDeliveryEnabled"],
    ["an unknown top-level member", { loggingConfig: {}, region: "eu-west-2" }, "region"],
    ["a CloudWatch destination", { loggingConfig: { cloudWatchConfig: { logGroupName: "g", roleArn: "arn:aws:iam::111111111111:role/r" } } }, "loggingConfig.cloudWatchConfig"],
    ["an S3 destination", { loggingConfig: { s3Config: { bucketName: "b" } } }, "loggingConfig.s3Config"],
  ];
  for (const [name, body, field] of bad) {
    it(`refuses ${name}, naming ${field}`, () => assert.equal(refusal(() => decodePutLogging(body)).detail.field, field));
  }

  it("says where records go when a destination is refused", () => {
    assert.match(refusal(() => decodePutLogging({ loggingConfig: { s3Config: { bucketName: "b" } } })).message, /own store, encrypted at rest/);
  });
});

describe("Get/DeleteModelInvocationLoggingConfiguration's codec", () => {
  it("takes no query parameters", () => {
    decodeNoInput(new URLSearchParams(), "GetModelInvocationLoggingConfiguration");
    assert.equal(refusal(() => decodeNoInput(new URLSearchParams("x=1"), "GetModelInvocationLoggingConfiguration")).detail.field, "x");
  });

  it("answers {} while logging is off, the flags once on", () => {
    assert.deepEqual(encodeLoggingConfig(undefined), {});
    assert.deepEqual(encodeLoggingConfig({ ...OFF, textDataDeliveryEnabled: true }), { loggingConfig: { ...OFF, textDataDeliveryEnabled: true } });
  });
});
