import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteGuardrailCommand, DeleteResourcePolicyCommand, GetResourcePolicyCommand, PutResourcePolicyCommand,
} from "@aws-sdk/client-bedrock";
import type { BedrockClient } from "@aws-sdk/client-bedrock";
import { ApplyGuardrailCommand, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { MODELS, startE2e } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { failsWith, trailAs } from "./iam-admin.js";
import { bedrockClient, organizationsClient, policyDocument, runtimeClient } from "./org-clients.js";
import { createUser, iamClient, stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * Resource policies on guardrails, end to end with the official clients: the owner puts, reads and
 * deletes a guardrail's policy (Bedrock's PutResourcePolicy, GetResourcePolicy,
 * DeleteResourcePolicy), and another account's principals may then use the guardrail
 * (ApplyGuardrail, guardrailConfig on Converse, InvokeModel's guardrail headers) exactly when the
 * guardrail's policy and their own identity policies both allow bedrock:ApplyGuardrail on it, as
 * AWS evaluates a cross-account request; an explicit Deny wins, and a policy never reaches past
 * its own guardrail.
 */
const BLOCKED = "Not through this guardrail.";
const apply = (guardrailIdentifier: string, text = "tell me about project nightjar") =>
  new ApplyGuardrailCommand({ guardrailIdentifier, guardrailVersion: "1", source: "INPUT", content: [{ text: { text } }] });

describe("resource policies on guardrails", () => {
  let e2e: E2e;
  let owner: BedrockClient;
  let region: string;
  let ownerAccount: string;
  let memberAccount: string;
  /** The guardrail shared by the tests, another one never shared, and their ARNs. */
  let shared: { id: string; arn: string };
  let unshared: { id: string; arn: string };
  /** In the member account: a user allowed ApplyGuardrail on the owner's guardrails, and one allowed inference only. */
  let applier: { arn: string; runtime: BedrockRuntimeClient };
  let modelOnly: BedrockRuntimeClient;
  let memberAdmin: BedrockClient;

  const guardrail = async (name: string): Promise<{ id: string; arn: string }> => {
    const made = await owner.send(new CreateGuardrailCommand({
      name, wordPolicyConfig: { wordsConfig: [{ text: "project nightjar" }] }, blockedInputMessaging: BLOCKED, blockedOutputsMessaging: BLOCKED,
    }));
    await owner.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: made.guardrailId! }));
    return { id: made.guardrailId!, arn: made.guardrailArn! };
  };
  const allowMember = (resource: string) => ({ Sid: "Member", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${memberAccount}:root` }, Action: "bedrock:ApplyGuardrail", Resource: resource });
  const put = (resourceArn: string, statements: object[]) => owner.send(new PutResourcePolicyCommand({ resourceArn, resourcePolicy: policyDocument(statements) }));

  before(async () => {
    e2e = await startE2e();
    region = e2e.server.region;
    owner = bedrockClient(e2e.server);
    shared = await guardrail("shared-guard");
    unshared = await guardrail("unshared-guard");
    ownerAccount = shared.arn.split(":")[4]!;
    const { CreateAccountStatus } = await organizationsClient(e2e.server).send(new CreateAccountCommand({ AccountName: "guardrail-user", Email: "guardrail-user@example.com" }));
    memberAccount = CreateAccountStatus!.AccountId!;
    const { Credentials } = await stsClient(e2e.server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberAccount}:role/OrganizationAccountAccessRole`, RoleSessionName: "admin" }));
    const admin = temporaryKeys(Credentials);
    memberAdmin = bedrockClient(e2e.server, admin);
    const iam = iamClient(e2e.server, admin);
    const inference = { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" };
    const user = await createUser(iam, "applier", [inference, { Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: `arn:aws:bedrock:${region}:${ownerAccount}:guardrail/*` }]);
    applier = { arn: user.arn, runtime: runtimeClient(e2e.server, user.keys) };
    modelOnly = runtimeClient(e2e.server, (await createUser(iam, "model-only", [inference])).keys);
    iam.destroy();
  });
  after(async () => { await e2e?.stop(); });

  it("the owner puts (201), gets and deletes a guardrail's policy; what names no guardrail of the owner's is refused", async () => {
    const document = policyDocument([allowMember(shared.arn)]);
    const made = await owner.send(new PutResourcePolicyCommand({ resourceArn: shared.arn, resourcePolicy: document }));
    assert.deepEqual([made.resourceArn, made.$metadata.httpStatusCode], [shared.arn, 201]);
    assert.equal((await owner.send(new GetResourcePolicyCommand({ resourceArn: shared.arn }))).resourcePolicy, document);
    // The owning account alone manages it, even for a caller its own account administers.
    await failsWith(memberAdmin.send(new GetResourcePolicyCommand({ resourceArn: shared.arn })), "AccessDeniedException");
    await failsWith(memberAdmin.send(new PutResourcePolicyCommand({ resourceArn: shared.arn, resourcePolicy: document })), "AccessDeniedException");
    await owner.send(new DeleteResourcePolicyCommand({ resourceArn: shared.arn }));
    await failsWith(owner.send(new GetResourcePolicyCommand({ resourceArn: shared.arn })), "ResourceNotFoundException");
    await failsWith(owner.send(new DeleteResourcePolicyCommand({ resourceArn: shared.arn })), "ResourceNotFoundException");

    const noPrincipal = policyDocument([{ Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: shared.arn }]);
    await failsWith(owner.send(new PutResourcePolicyCommand({ resourceArn: shared.arn, resourcePolicy: noPrincipal })), "ValidationException", /resourcePolicy/);
    await failsWith(owner.send(new PutResourcePolicyCommand({ resourceArn: shared.arn, resourcePolicy: "{not json" })), "ValidationException", /resourcePolicy/);
    // Other spellings of the ARN name no guardrail: a policy cannot be stored where no request reads it.
    const elsewhere = [
      `arn:aws:bedrock:${region}:${ownerAccount}:guardrail/nosuchguard0`,
      shared.arn.replace(`:${region}:`, ":us-east-1:"),
      shared.arn.replace(shared.id, shared.id.toUpperCase()),
    ];
    for (const resourceArn of elsewhere) await failsWith(owner.send(new PutResourcePolicyCommand({ resourceArn, resourcePolicy: document })), "ResourceNotFoundException");
    // The same id under another account is that account's resource: the owner may not even ask.
    await failsWith(owner.send(new PutResourcePolicyCommand({ resourceArn: shared.arn.replace(`:${ownerAccount}:`, `:${memberAccount}:`), resourcePolicy: document })), "AccessDeniedException");
    // A policy covers the guardrail, never one version of it (IAM's guardrail ARN has no version).
    await failsWith(owner.send(new PutResourcePolicyCommand({ resourceArn: `${shared.arn}:1`, resourcePolicy: document })), "ValidationException", /version/);
    await failsWith(owner.send(new GetResourcePolicyCommand({ resourceArn: shared.arn })), "ResourceNotFoundException");
  });

  it("PutResourcePolicy on a guardrail is in the audit trail, on the guardrail's ARN", async () => {
    await put(shared.arn, [allowMember(shared.arn)]);
    await owner.send(new DeleteResourcePolicyCommand({ resourceArn: shared.arn }));
    const trail = trailAs(e2e.server);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: shared.arn }], MaxResults: 50 }));
    trail.destroy();
    const names = Events!.map((e) => e.EventName);
    assert.ok(names.includes("PutResourcePolicy") && names.includes("DeleteResourcePolicy"), names.join(","));
    const record = JSON.parse(Events!.find((e) => e.EventName === "PutResourcePolicy")!.CloudTrailEvent!);
    assert.equal(record.eventSource, "bedrock.amazonaws.com");
    assert.equal(record.recipientAccountId, ownerAccount);
  });

  it("another account's principal is refused until the guardrail's policy allows it, then applies it and uses it on Converse and InvokeModel", async () => {
    await failsWith(applier.runtime.send(apply(shared.arn)), "AccessDeniedException", /no resource-based policy allows/);
    // Resource `guardrail/*` on purpose: the policy still reaches only the guardrail it is attached to.
    await put(shared.arn, [allowMember(`arn:aws:bedrock:${region}:${ownerAccount}:guardrail/*`)]);
    const applied = await applier.runtime.send(apply(shared.arn));
    assert.deepEqual([applied.action, applied.outputs?.[0]?.text], ["GUARDRAIL_INTERVENED", BLOCKED]);
    assert.equal((await applier.runtime.send(apply(shared.arn, "a harmless question"))).action, "NONE");
    const out = await applier.runtime.send(new ConverseCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: "what is project nightjar?" }] }],
      guardrailConfig: { guardrailIdentifier: shared.arn, guardrailVersion: "1", trace: "enabled" },
    }));
    assert.deepEqual([out.stopReason, out.output?.message?.content?.[0]?.text], ["guardrail_intervened", BLOCKED]);
    const assessment = (out.trace!.guardrail!.inputAssessment as Record<string, { appliedGuardrailDetails?: { guardrailArn?: string; guardrailOwnership?: string } }>)[shared.id]!;
    assert.deepEqual([assessment.appliedGuardrailDetails?.guardrailArn, assessment.appliedGuardrailDetails?.guardrailOwnership], [shared.arn, "CROSS_ACCOUNT"]);
    const invoked = await applier.runtime.send(new InvokeModelCommand({
      modelId: MODELS.claude, contentType: "application/json", guardrailIdentifier: shared.arn, guardrailVersion: "1",
      body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 64, messages: [{ role: "user", content: "About project nightjar" }] }),
    }));
    const answer = JSON.parse(Buffer.from(invoked.body).toString()) as { "amazon-bedrock-guardrailAction"?: string; content?: { text: string }[] };
    assert.deepEqual([answer["amazon-bedrock-guardrailAction"], answer.content?.[0]?.text], ["INTERVENED", BLOCKED]);

    // Both sides must allow: a principal of the member account its own policies do not allow is refused.
    await failsWith(modelOnly.send(apply(shared.arn)), "AccessDeniedException", /no identity-based policy allows/);
    await failsWith(modelOnly.send(new ConverseCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: "hello" }] }], guardrailConfig: { guardrailIdentifier: shared.arn, guardrailVersion: "1" },
    })), "AccessDeniedException", /bedrock:ApplyGuardrail on resource: arn:aws:bedrock:[^ ]+:guardrail\/[a-z0-9]+ because no identity-based policy allows/);
    // The policy is the shared guardrail's alone: the other guardrail, and its id under another account, stay closed.
    await failsWith(applier.runtime.send(apply(unshared.arn)), "AccessDeniedException", /no resource-based policy allows/);
    await failsWith(applier.runtime.send(apply(shared.arn.replace(`:${ownerAccount}:`, ":999999999999:"))), "AccessDeniedException");
    await failsWith(applier.runtime.send(apply(shared.arn.replace(`:${region}:`, ":us-east-1:"))), "ValidationException");
    // An id alone names the caller's own guardrail, never the owner's.
    await failsWith(applier.runtime.send(apply(shared.id)), "AccessDeniedException");
  });

  it("an explicit Deny in the guardrail's policy wins over its Allow; deleting the policy closes the guardrail again", async () => {
    await put(shared.arn, [allowMember(shared.arn), { Sid: "NotTheApplier", Effect: "Deny", Principal: { AWS: applier.arn }, Action: "bedrock:ApplyGuardrail", Resource: shared.arn }]);
    const denied = await failsWith(applier.runtime.send(apply(shared.arn)), "AccessDeniedException");
    assert.match(denied.message, /explicit deny in a resource-based policy/);
    await put(shared.arn, [allowMember(shared.arn)]);
    assert.equal((await applier.runtime.send(apply(shared.arn))).action, "GUARDRAIL_INTERVENED");
    await owner.send(new DeleteResourcePolicyCommand({ resourceArn: shared.arn }));
    await failsWith(applier.runtime.send(apply(shared.arn)), "AccessDeniedException");
  });

  it("deleting a guardrail deletes its policy: nothing is left to open the guardrail's ARN", async () => {
    const doomed = await guardrail("doomed-guard");
    await put(doomed.arn, [allowMember(doomed.arn)]);
    assert.equal((await applier.runtime.send(apply(doomed.arn))).action, "GUARDRAIL_INTERVENED");
    await owner.send(new DeleteGuardrailCommand({ guardrailIdentifier: doomed.id }));
    // Past the authorizer's one-second recheck of a policy it has read: with the policy gone the
    // call is refused; a policy left behind would let it through to find no guardrail.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await failsWith(applier.runtime.send(apply(doomed.arn)), "AccessDeniedException");
  });
});
