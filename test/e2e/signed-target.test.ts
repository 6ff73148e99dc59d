import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreatePolicyCommand, DescribePolicyCommand } from "@aws-sdk/client-organizations";
import { organizationsClient } from "./org-clients.js";
import { presignRequest, sign } from "./sign.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { h1 } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * The operation of an awsJson call (security review, hole 6). Before the fix it was chosen from
 * X-Amz-Target whether or not the signature covered it: a presigned Organizations DescribePolicy
 * replayed with `X-Amz-Target: ...DeletePolicy` deleted the SCP. Now only a signed target names
 * the operation; an unsigned one is refused and nothing changes.
 */
const PREFIX = "AWSOrganizationsV20161128";
const SCP = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }] });

describe("an awsJson operation is named only by a signed X-Amz-Target", () => {
  let server: RunningServer;
  let policyId: string;
  before(async () => {
    server = await startServer();
    const org = organizationsClient(server);
    policyId = (await org.send(new CreatePolicyCommand({ Name: "keep-me", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: SCP }))).Policy!.PolicySummary!.Id!;
    org.destroy();
  });
  after(async () => { await server?.stop(); });

  const describeBody = () => JSON.stringify({ PolicyId: policyId });
  const base = (extra: Record<string, string> = {}): RawRequest => ({
    method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.1", ...extra }, body: describeBody(),
  });
  const stillThere = async () => {
    const org = organizationsClient(server);
    const found = await org.send(new DescribePolicyCommand({ PolicyId: policyId }));
    org.destroy();
    return found.Policy?.PolicySummary?.Name;
  };

  it("a signed target is served (the refusals below are not vacuous)", async () => {
    const signed = await sign(server, base({ "x-amz-target": `${PREFIX}.DescribePolicy` }), { service: "organizations" });
    const answer = await h1(server, signed);
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, /keep-me/);
  });

  it("a presigned DescribePolicy replayed with X-Amz-Target: DeletePolicy is refused, and the policy stays", async () => {
    const presigned = await presignRequest(server, base(), 300, { service: "organizations" });
    const replay = { ...presigned, headers: { ...presigned.headers, "x-amz-target": `${PREFIX}.DeletePolicy` } };
    const answer = await h1(server, replay);
    assert.equal(answer.status, 400, answer.body);
    assert.equal(answer.headers["x-amzn-errortype"], "IncompleteSignatureException");
    assert.equal(await stillThere(), "keep-me");
  });

  it("a header-signed request with the target added after signing is refused, and the policy stays", async () => {
    const signed = await sign(server, base(), { service: "organizations" });
    const answer = await h1(server, { ...signed, headers: { ...signed.headers, "x-amz-target": `${PREFIX}.DeletePolicy` } });
    assert.equal(answer.headers["x-amzn-errortype"], "IncompleteSignatureException");
    assert.equal(await stillThere(), "keep-me");
  });
});
