import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccessDeniedException, BedrockClient, DeleteResourcePolicyCommand, GetResourcePolicyCommand, PutResourcePolicyCommand,
  ResourceNotFoundException, ValidationException,
} from "@aws-sdk/client-bedrock";
import type { HttpRequest } from "@smithy/protocol-http";
import { compilePolicy } from "../../policy/index.js";
import { ResourcePolicyService, foundationModels } from "../../service/resource-policies/index.js";
import { MemoryResourcePolicies, catalogueOf } from "../../service/resource-policies/store.fixture.js";
import { CLIENT, inProcess, principalOf } from "../organizations/in-process.fixture.js";
import { RESOURCE_POLICY_OPERATION_NAMES, resourcePolicyOperations } from "./resource-policy-routes.js";
import { PolicyChangeNotifier } from "../../service/policy-changes.js";

/**
 * @aws-sdk/client-bedrock against the resource-policy routes, in-process: the SDK's URIs
 * (the ARN as one percent-encoded label), the 201 of PutResourcePolicy, and errors as the
 * SDK's modelled exceptions.
 */
const MANAGEMENT = "111111111111";
const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const ARN = `arn:aws:bedrock:eu-west-2::foundation-model/${MODEL}`;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "bedrock:InvokeModel", Resource: ARN }] });

function setup() {
  const service = new ResourcePolicyService({ changes: new PolicyChangeNotifier(),
    store: new MemoryResourcePolicies(), compile: compilePolicy, kinds: [foundationModels(catalogueOf(MODEL))], region: "eu-west-2",
    identity: { getManagementAccount: async () => ({ accountId: MANAGEMENT, name: "m", createdAt: new Date(0), isManagement: true }) },
  });
  let caller = MANAGEMENT;
  const operations = resourcePolicyOperations({ resourcePolicies: service });
  const handler = inProcess(operations, () => principalOf(caller));
  const sent: HttpRequest[] = [];
  const sdk = new BedrockClient({ ...CLIENT, requestHandler: { handle: (r: HttpRequest) => (sent.push(r), handler.handle(r)) } });
  return { sdk, sent, operations, as: (accountId: string) => { caller = accountId; } };
}

describe("Bedrock resource policies through @aws-sdk/client-bedrock", () => {
  it("declares PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy as bedrock:<Name> on the resource's ARN", () => {
    const { operations } = setup();
    assert.deepEqual(operations.map((o) => [o.name, o.method, o.path, o.signingService, o.action]), [
      ["PutResourcePolicy", "POST", "/resource-policy", "bedrock", "bedrock:PutResourcePolicy"],
      ["GetResourcePolicy", "GET", "/resource-policy/{resourceArn}", "bedrock", "bedrock:GetResourcePolicy"],
      ["DeleteResourcePolicy", "DELETE", "/resource-policy/{resourceArn}", "bedrock", "bedrock:DeleteResourcePolicy"],
    ]);
    assert.deepEqual(operations.map((o) => o.name), [...RESOURCE_POLICY_OPERATION_NAMES]);
    assert.equal(operations[1]!.resource(ARN, { region: "eu-west-2" } as Parameters<typeof operations[1]["resource"]>[1]), ARN);
  });

  it("puts (201), gets and deletes a policy, the ARN travelling as one encoded path label", async () => {
    const { sdk, sent } = setup();
    const put = await sdk.send(new PutResourcePolicyCommand({ resourceArn: ARN, resourcePolicy: POLICY }));
    assert.equal(put.resourceArn, ARN);
    assert.equal(put.$metadata.httpStatusCode, 201);
    const got = await sdk.send(new GetResourcePolicyCommand({ resourceArn: ARN }));
    assert.equal(got.resourcePolicy, POLICY);
    assert.equal(sent[1]?.path, `/resource-policy/${encodeURIComponent(ARN)}`);
    await sdk.send(new DeleteResourcePolicyCommand({ resourceArn: ARN }));
    await assert.rejects(sdk.send(new GetResourcePolicyCommand({ resourceArn: ARN })), ResourceNotFoundException);
    await assert.rejects(sdk.send(new DeleteResourcePolicyCommand({ resourceArn: ARN })), ResourceNotFoundException);
  });

  it("refuses unknown models, malformed documents, out-of-range members and other accounts", async () => {
    const { sdk, as } = setup();
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: `${ARN}x`, resourcePolicy: POLICY })), ResourceNotFoundException);
    const noPrincipal = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*" }] });
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: ARN, resourcePolicy: noPrincipal })), ValidationException);
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: "a".repeat(256), resourcePolicy: POLICY })), ValidationException);
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: ARN, resourcePolicy: "x".repeat(20481) })), ValidationException);
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: ARN, resourcePolicy: "\u0001" })), ValidationException);
    as("222222222222");
    await assert.rejects(sdk.send(new PutResourcePolicyCommand({ resourceArn: ARN, resourcePolicy: POLICY })), AccessDeniedException);
  });
});
