import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import {
  CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteGuardrailCommand, GetGuardrailCommand, ListGuardrailsCommand,
  ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdateGuardrailCommand,
} from "@aws-sdk/client-bedrock";
import type { CreateGuardrailCommandInput } from "@aws-sdk/client-bedrock";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { allow, bedrockAs, failsWith, iamAs, policy, trailAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { startE2e } from "./fixture.js";
import type { E2e } from "./fixture.js";

const definition = (name: string): CreateGuardrailCommandInput => ({
  name,
  description: "keeps account numbers out",
  topicPolicyConfig: { topicsConfig: [{ name: "Investment advice", definition: "Recommendations about what to invest in.", examples: ["Which fund should I buy?"], type: "DENY" }] },
  contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "MEDIUM" }, { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" }] },
  wordPolicyConfig: { wordsConfig: [{ text: "forbidden phrase" }], managedWordListsConfig: [{ type: "PROFANITY" }] },
  sensitiveInformationPolicyConfig: {
    piiEntitiesConfig: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE" }, { type: "EMAIL", action: "BLOCK", outputAction: "ANONYMIZE" }],
    regexesConfig: [{ name: "account", pattern: "ACC-[0-9]{6}", action: "BLOCK" }],
  },
  blockedInputMessaging: "Sorry, I cannot help with that.",
  blockedOutputsMessaging: "Sorry, I cannot answer that.",
});

describe("the guardrail control plane through @aws-sdk/client-bedrock", () => {
  let e2e: E2e;
  let account: string;
  before(async () => {
    e2e = await startE2e();
    const iam = iamAs(e2e.server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
    iam.destroy();
  });
  after(async () => { await e2e?.stop(); });

  it("create, get the DRAFT, update, version (immutable), list, tag, delete", async () => {
    const control = e2e.control();
    const created = await control.send(new CreateGuardrailCommand({ ...definition("support-bot"), tags: [{ key: "team", value: "support" }] }));
    assert.match(created.guardrailId!, /^[a-z0-9]{12}$/);
    assert.equal(created.guardrailArn, `arn:aws:bedrock:eu-west-2:${account}:guardrail/${created.guardrailId}`);
    assert.equal(created.version, "DRAFT");
    assert.ok(created.createdAt instanceof Date);

    const draft = await control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId }));
    assert.equal(draft.status, "READY");
    assert.equal(draft.version, "DRAFT");
    assert.equal(draft.name, "support-bot");
    assert.equal(draft.blockedInputMessaging, "Sorry, I cannot help with that.");
    assert.deepEqual(draft.sensitiveInformationPolicy?.piiEntities, [
      { type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true },
      { type: "EMAIL", action: "BLOCK", inputAction: "BLOCK", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true },
    ]);
    assert.equal(draft.sensitiveInformationPolicy?.regexes?.[0]?.pattern, "ACC-[0-9]{6}");
    assert.deepEqual(draft.topicPolicy?.topics?.map((t) => t.name), ["Investment advice"]);
    assert.deepEqual(draft.wordPolicy?.managedWordLists?.map((m) => m.type), ["PROFANITY"]);
    assert.ok(draft.createdAt instanceof Date && draft.updatedAt instanceof Date);

    const updated = await control.send(new UpdateGuardrailCommand({
      ...definition("support-bot"), guardrailIdentifier: created.guardrailArn, blockedInputMessaging: "Version one says no.",
    }));
    assert.equal(updated.version, "DRAFT");
    assert.ok(updated.updatedAt! > draft.updatedAt!);

    const v1 = await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: created.guardrailId, description: "first" }));
    assert.deepEqual([v1.guardrailId, v1.version], [created.guardrailId, "1"]);
    await control.send(new UpdateGuardrailCommand({ ...definition("support-bot"), guardrailIdentifier: created.guardrailId, blockedInputMessaging: "The DRAFT moved on." }));
    const one = await control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailArn, guardrailVersion: "1" }));
    assert.equal(one.version, "1");
    assert.equal(one.description, "first");
    assert.equal(one.blockedInputMessaging, "Version one says no.");
    const now = await control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId, guardrailVersion: "DRAFT" }));
    assert.equal(now.blockedInputMessaging, "The DRAFT moved on.");
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId, guardrailVersion: "2" })), "ResourceNotFoundException");

    const other = await control.send(new CreateGuardrailCommand(definition("other-bot")));
    const all = await control.send(new ListGuardrailsCommand({}));
    assert.deepEqual(new Set(all.guardrails!.map((g) => `${g.name}:${g.version}`)), new Set(["support-bot:DRAFT", "other-bot:DRAFT"]));
    const versions = await control.send(new ListGuardrailsCommand({ guardrailIdentifier: created.guardrailId }));
    assert.deepEqual(versions.guardrails!.map((g) => g.version), ["DRAFT", "1"]);
    const paged = await control.send(new ListGuardrailsCommand({ maxResults: 1 }));
    assert.equal(paged.guardrails!.length, 1);
    const rest = await control.send(new ListGuardrailsCommand({ maxResults: 1, nextToken: paged.nextToken }));
    assert.notEqual(rest.guardrails![0]!.id, paged.guardrails![0]!.id);

    const resourceARN = created.guardrailArn!;
    await control.send(new TagResourceCommand({ resourceARN, tags: [{ key: "cost", value: "7" }] }));
    await control.send(new UntagResourceCommand({ resourceARN, tagKeys: ["team"] }));
    assert.deepEqual((await control.send(new ListTagsForResourceCommand({ resourceARN }))).tags, [{ key: "cost", value: "7" }]);

    // A numbered version alone, then the whole guardrail with its DRAFT.
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: created.guardrailId, guardrailVersion: "1" }));
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId, guardrailVersion: "1" })), "ResourceNotFoundException");
    const v2 = await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: created.guardrailId }));
    assert.equal(v2.version, "2", "a deleted version's number is not reused");
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: created.guardrailArn }));
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId })), "ResourceNotFoundException");
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: created.guardrailId, guardrailVersion: "2" })), "ResourceNotFoundException");
    await failsWith(control.send(new ListTagsForResourceCommand({ resourceARN })), "ResourceNotFoundException");
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: other.guardrailId }));
  });

  it("refusals name the member; a name is unique in the account; another account's ARN is not found", async () => {
    const control = e2e.control();
    const badPii = { ...definition("bad-pii"), sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "UK_POSTCODE", action: "BLOCK" }] } } as unknown as CreateGuardrailCommandInput;
    await failsWith(control.send(new CreateGuardrailCommand(badPii)), "ValidationException", /sensitiveInformationPolicyConfig\.piiEntitiesConfig\.0\.type/);
    await failsWith(control.send(new CreateGuardrailCommand({ ...definition("kms"), kmsKeyId: "alias/mine" })), "ResourceNotFoundException", /KMS key alias\/mine/);
    await failsWith(control.send(new CreateGuardrailCommand({ ...definition("bad name!") })), "ValidationException", /'name'/);
    await failsWith(control.send(new CreateGuardrailCommand({ ...definition("long"), blockedInputMessaging: "x".repeat(501) })), "ValidationException", /blockedInputMessaging/);

    const g = await control.send(new CreateGuardrailCommand(definition("unique-name")));
    await failsWith(control.send(new CreateGuardrailCommand(definition("unique-name"))), "ConflictException");
    const foreign = account === "111122223333" ? "444455556666" : "111122223333";
    const foreignArn = `arn:aws:bedrock:eu-west-2:${foreign}:guardrail/${g.guardrailId}`;
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: foreignArn })), "ResourceNotFoundException");
    await failsWith(control.send(new TagResourceCommand({ resourceARN: foreignArn, tags: [{ key: "a", value: "b" }] })), "ResourceNotFoundException");
    await failsWith(control.send(new GetGuardrailCommand({ guardrailIdentifier: `arn:aws:bedrock:us-east-1:${account}:guardrail/${g.guardrailId}` })), "ResourceNotFoundException");
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: g.guardrailId }));
  });

  it("a Deny on one guardrail's ARN holds for that guardrail only", async () => {
    const control = e2e.control();
    const locked = await control.send(new CreateGuardrailCommand(definition("locked")));
    const open = await control.send(new CreateGuardrailCommand(definition("open")));
    const iam = iamAs(e2e.server);
    await iam.send(new IAM.CreateUserCommand({ UserName: "guardrail-editor" }));
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "guardrail-editor", PolicyName: "p",
      PolicyDocument: policy(allow("bedrock:*Guardrail*"), { Effect: "Deny", Action: ["bedrock:UpdateGuardrail", "bedrock:DeleteGuardrail"], Resource: locked.guardrailArn }),
    }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "guardrail-editor" }));
    iam.destroy();
    const keys: Keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const editor = bedrockAs(e2e.server, keys);
    await failsWith(editor.send(new UpdateGuardrailCommand({ ...definition("locked"), guardrailIdentifier: locked.guardrailId })), "AccessDeniedException");
    await failsWith(editor.send(new DeleteGuardrailCommand({ guardrailIdentifier: locked.guardrailArn })), "AccessDeniedException");
    await editor.send(new UpdateGuardrailCommand({ ...definition("open"), guardrailIdentifier: open.guardrailId, blockedOutputsMessaging: "Edited." }));
    assert.equal((await editor.send(new GetGuardrailCommand({ guardrailIdentifier: locked.guardrailId }))).name, "locked");
    assert.equal((await control.send(new GetGuardrailCommand({ guardrailIdentifier: open.guardrailId }))).blockedOutputsMessaging, "Edited.");
    editor.destroy();
  });

  it("a policy's tier is kept through versions and answered in the SDK's shape; a 900-character definition needs STANDARD", async () => {
    const control = e2e.control();
    const long = `Questions about ${"the relative merits of funds, shares, bonds and pensions ".repeat(16)}`.slice(0, 900);
    const tiered = (name: string, tierName?: "CLASSIC" | "STANDARD"): CreateGuardrailCommandInput => ({
      ...definition(name),
      topicPolicyConfig: { topicsConfig: [{ name: "Investment advice", definition: long, type: "DENY" }], ...(tierName ? { tierConfig: { tierName } } : {}) },
    });
    const made = await control.send(new CreateGuardrailCommand({ ...tiered("standard-tier", "STANDARD"), contentPolicyConfig: { ...definition("x").contentPolicyConfig!, tierConfig: { tierName: "STANDARD" } } }));
    await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: made.guardrailId }));
    for (const guardrailVersion of ["DRAFT", "1"]) {
      const got = await control.send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId, guardrailVersion }));
      assert.deepEqual(got.topicPolicy?.tier, { tierName: "STANDARD" }, guardrailVersion);
      assert.deepEqual(got.contentPolicy?.tier, { tierName: "STANDARD" }, guardrailVersion);
      assert.equal(got.topicPolicy?.topics?.[0]?.definition, long);
    }
    const classic = await control.send(new CreateGuardrailCommand(definition("classic-tier")));
    const got = await control.send(new GetGuardrailCommand({ guardrailIdentifier: classic.guardrailId }));
    assert.deepEqual([got.topicPolicy?.tier, got.contentPolicy?.tier], [{ tierName: "CLASSIC" }, { tierName: "CLASSIC" }], "no tierConfig is CLASSIC, as in Bedrock");
    for (const tierName of ["CLASSIC", undefined] as const) {
      await failsWith(control.send(new CreateGuardrailCommand(tiered("classic-long", tierName))), "ValidationException", /topicPolicyConfig\.topicsConfig\.0\.definition.*200 on the CLASSIC tier/);
    }
    await failsWith(control.send(new UpdateGuardrailCommand({ ...tiered("standard-tier", "CLASSIC"), guardrailIdentifier: made.guardrailId })), "ValidationException", /topicsConfig\.0\.definition/);
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: made.guardrailId }));
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: classic.guardrailId }));
  });

  it("crossRegionConfig: a profile of this region's geography is kept through versions and answered as crossRegionDetails; others are refused by name; the profile's ARN is authorised too", async () => {
    const control = e2e.control();
    const profileArn = `arn:aws:bedrock:eu-west-2:${account}:guardrail-profile/eu.guardrail.v1:0`;
    const made = await control.send(new CreateGuardrailCommand({ ...definition("cross-region"), crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v1:0" } }));
    await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: made.guardrailId }));
    for (const guardrailVersion of ["DRAFT", "1"]) {
      const got = await control.send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId, guardrailVersion }));
      assert.deepEqual(got.crossRegionDetails, { guardrailProfileId: "eu.guardrail.v1:0", guardrailProfileArn: profileArn }, guardrailVersion);
    }
    // Named by its ARN, it is the same profile; an update without it drops it, as Bedrock's update replaces the definition.
    await control.send(new UpdateGuardrailCommand({ ...definition("cross-region"), guardrailIdentifier: made.guardrailId, crossRegionConfig: { guardrailProfileIdentifier: profileArn } }));
    assert.equal((await control.send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId }))).crossRegionDetails?.guardrailProfileId, "eu.guardrail.v1:0");
    await control.send(new UpdateGuardrailCommand({ ...definition("cross-region"), guardrailIdentifier: made.guardrailId }));
    assert.equal((await control.send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId }))).crossRegionDetails, undefined);
    const refused = [
      "us.guardrail.v1:0",
      "eu.guardrail.v2:0",
      "mars.guardrail.v1:0",
      `arn:aws:bedrock:eu-west-1:${account}:guardrail-profile/eu.guardrail.v1:0`,
      "arn:aws:bedrock:eu-west-2:000011112222:guardrail-profile/eu.guardrail.v1:0",
      "eu.guardrail",
    ];
    for (const guardrailProfileIdentifier of refused) {
      await failsWith(control.send(new CreateGuardrailCommand({ ...definition("elsewhere"), crossRegionConfig: { guardrailProfileIdentifier } })), "ValidationException", /crossRegionConfig\.guardrailProfileIdentifier/);
    }

    const iam = iamAs(e2e.server);
    await iam.send(new IAM.CreateUserCommand({ UserName: "profile-denied" }));
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "profile-denied", PolicyName: "p",
      PolicyDocument: policy(allow("bedrock:*Guardrail*"), { Effect: "Deny", Action: "bedrock:*", Resource: "arn:aws:bedrock:*:*:guardrail-profile/*" }),
    }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "profile-denied" }));
    iam.destroy();
    const denied = bedrockAs(e2e.server, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await failsWith(denied.send(new CreateGuardrailCommand({ ...definition("no-profile"), crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v1:0" } })), "AccessDeniedException", /guardrail-profile\/eu\.guardrail\.v1:0/);
    await failsWith(denied.send(new UpdateGuardrailCommand({ ...definition("cross-region"), guardrailIdentifier: made.guardrailId, crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v1:0" } })), "AccessDeniedException");
    const plain = await denied.send(new CreateGuardrailCommand(definition("no-profile")));
    denied.destroy();
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: plain.guardrailId }));
    await control.send(new DeleteGuardrailCommand({ guardrailIdentifier: made.guardrailId }));
  });

  it("the audit trail records the guardrail's ARN, version and name, never its words, topics, patterns or messages", async () => {
    const control = e2e.control();
    const canary = "CANARYguardrailaudit7f3a";
    const made = await control.send(new CreateGuardrailCommand({
      ...definition("audited"),
      topicPolicyConfig: { topicsConfig: [{ name: "Canary topic", definition: `${canary} definition`, examples: [`${canary} example`], type: "DENY" }] },
      wordPolicyConfig: { wordsConfig: [{ text: `${canary}word` }] },
      sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "r", pattern: `${canary}[0-9]+`, action: "BLOCK" }] },
      blockedInputMessaging: `${canary} in`, blockedOutputsMessaging: `${canary} out`,
    }));
    await control.send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId, guardrailVersion: "DRAFT" }));
    const { server } = e2e;
    const trail = trailAs(server);
    try {
      const records = async (name: string) => {
        const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] }));
        return Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, any>);
      };
      const created = (await records("CreateGuardrail")).find((r) => r.requestParameters?.name === "audited");
      assert.deepEqual(created?.requestParameters, { guardrailIdentifier: made.guardrailArn, name: "audited" });
      const got = (await records("GetGuardrail")).find((r) => r.requestParameters?.guardrailIdentifier === made.guardrailArn);
      assert.deepEqual(got?.requestParameters, { guardrailIdentifier: made.guardrailArn, guardrailVersion: "DRAFT" });
      assert.equal(got?.readOnly, true);
      assert.doesNotMatch(JSON.stringify([...(await records("CreateGuardrail")), ...(await records("GetGuardrail"))]), new RegExp(canary), "no configuration in the trail");
      assert.doesNotMatch(server.stderr() + server.stdout(), new RegExp(canary), "no configuration in the logs");
    } finally {
      trail.destroy();
    }
  });
});
