import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import * as KMS from "@aws-sdk/client-kms";
import { HttpResponse } from "@smithy/protocol-http";
import { Fault } from "../../kernel/index.js";
import { KMS_REASONS } from "../../service/kms/index.js";
import { kmsProtocol } from "./protocol.js";

/** The reply plinth writes for a fault, read back by the official client as its modelled exception. */
async function thrown(fault: Fault): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const reply = kmsProtocol.error(fault, "req-k");
  const sdk = new KMS.KMSClient({
    region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: { handle: async () => ({ response: new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) }) }) },
  });
  return sdk.send(new KMS.CreateKeyCommand({})).then(() => assert.fail("expected an error"), (e: Error) => e);
}

describe("KMS faults through @aws-sdk/client-kms", () => {
  it("each domain fault arrives as KMS's modelled exception", async () => {
    const cases: [Fault, new (...args: never[]) => Error, number][] = [
      [new Fault("service-quota-exceeded", "Account 111111111111 already has 2 KMS keys"), KMS.LimitExceededException, 400],
      [new Fault("not-found", "Key 'x' does not exist"), KMS.NotFoundException, 400],
      [new Fault("conflict", "k is pending deletion.", { reason: KMS_REASONS.invalidState }), KMS.KMSInvalidStateException, 400],
      [new Fault("validation", "k is disabled.", { reason: KMS_REASONS.disabled }), KMS.DisabledException, 400],
      [new Fault("malformed-policy", "The key policy is not valid"), KMS.MalformedPolicyDocumentException, 400],
      [new Fault("internal", "An internal error occurred."), KMS.KMSInternalException, 500],
    ];
    for (const [fault, type, status] of cases) {
      const error = await thrown(fault);
      assert.ok(error instanceof type, `${fault.kind} -> ${error.name}`);
      assert.equal(error.$metadata?.httpStatusCode, status);
    }
  });
});
