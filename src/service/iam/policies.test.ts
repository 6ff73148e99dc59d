import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AWS_MANAGED_POLICIES, awsManagedPolicyArn, ensureAwsManagedPolicies } from "./aws-managed.js";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";

const allow = (action: string | string[], extra: object = {}): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*", ...extra }] });

describe("inline policies", () => {
  let f: IamFixture;
  before(async () => {
    f = await iamFixture();
    await f.service.users.create(f.admin, { userName: "dana" });
    await f.service.groups.create(f.admin, { groupName: "team" });
  });
  after(async () => { await f.close(); });

  it("Put, Get, List and Delete, for users, groups and roles alike; Put replaces", async () => {
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "list", allow("bedrock:ListFoundationModels"));
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "list", allow(["bedrock:ListFoundationModels", "bedrock:GetFoundationModel"]));
    const got = await f.service.inlinePolicies.get(f.admin, await f.holder(f.admin, "user", "dana"), "list");
    assert.deepEqual(got, { entityName: "dana", policyName: "list", document: allow(["bedrock:ListFoundationModels", "bedrock:GetFoundationModel"]) });
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "group", "team"), "g", allow("bedrock:InvokeModel"));
    assert.deepEqual((await f.service.inlinePolicies.list(f.admin, await f.holder(f.admin, "group", "team"), {})).items, ["g"]);
    await f.service.inlinePolicies.delete(f.admin, await f.holder(f.admin, "group", "team"), "g");
    await refused(f.service.inlinePolicies.get(f.admin, await f.holder(f.admin, "group", "team"), "g"), "not-found", /group policy with name g cannot be found/);
    await refused(f.service.inlinePolicies.delete(f.admin, await f.holder(f.admin, "group", "team"), "g"), "not-found", /cannot be found/);
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "role", "no-role"), "p", allow("bedrock:InvokeModel")), "not-found", /role with name no-role/);
  });

  it("malformed documents name the place of the problem, never the document", async () => {
    const unknownAction = allow("bedrock:NoSuchAction");
    const e1 = await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "bad", unknownAction), "malformed-policy", /Statement/);
    assert.ok(!e1.message.includes(unknownAction));
    const noEffect = JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "bedrock:InvokeModel", Resource: "*" }] });
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "bad", noEffect), "malformed-policy", /Statement.*Effect|Effect/);
    const withPrincipal = allow("bedrock:InvokeModel", { Principal: "*" });
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "bad", withPrincipal), "malformed-policy", /Principal/);
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "bad", "[]"), "malformed-policy", /.+/);
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "bad name", allow("bedrock:InvokeModel")), "validation", /'policyName'/, "constraint");
  });

  it("a user's inline policies share IAM's 2,048-character quota; a group's is 5,120", async () => {
    const filler = (n: number) => allow("bedrock:InvokeModel", { Sid: "S".repeat(n) });
    const base = filler(0).replace(/\s/g, "").length;
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "big", filler(2048 - base - 300));
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "more", filler(400)), "service-quota-exceeded", /Maximum policy size of 2048 bytes exceeded for user dana/);
    // Replacing a policy counts its new size, not both.
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "big", filler(10));
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "dana"), "more", filler(400));
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "group", "team"), "big", filler(4000));
    await refused(f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "group", "team"), "big2", filler(1000)), "service-quota-exceeded", /5120/);
    // White space does not count.
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "group", "team"), "spaced", JSON.stringify(JSON.parse(filler(10)), null, 40));
  });
});

describe("managed policies", () => {
  let f: IamFixture;
  let arn: string;
  before(async () => {
    f = await iamFixture();
    await f.service.users.create(f.admin, { userName: "erin" });
    await f.service.groups.create(f.admin, { groupName: "readers", path: "/r/" });
    await f.service.roles.create(f.admin, { roleName: "runner", assumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${f.admin.principal.accountId}:root` }, Action: "sts:AssumeRole" }] }) });
  });
  after(async () => { await f.close(); });

  it("CreatePolicy makes v1 the default; GetPolicy and GetPolicyVersion answer it", async () => {
    const policy = await f.service.policies.create(f.admin, { policyName: "InvokeOnly", path: "/bedrock/", policyDocument: allow("bedrock:InvokeModel"), description: "invoke models", tags: [{ key: "o", value: "ml" }] });
    arn = policy.arn;
    assert.equal(arn, `arn:aws:iam::${f.admin.principal.accountId}:policy/bedrock/InvokeOnly`);
    assert.match(policy.policyId, /^ANPA[A-Z2-7]{16}$/);
    assert.equal(policy.defaultVersionId, "v1");
    const got = await f.service.policies.get(f.admin, await f.policy(f.admin, arn));
    assert.equal(got.description, "invoke models");
    assert.deepEqual(got.tags, [{ key: "o", value: "ml" }]);
    const v1 = await f.service.versions.get(f.admin, await f.policy(f.admin, arn), "v1");
    assert.equal(v1.document, allow("bedrock:InvokeModel"));
    assert.equal(v1.isDefault, true);
    await refused(f.service.policies.create(f.admin, { policyName: "invokeonly", policyDocument: allow("bedrock:InvokeModel") }), "already-exists", /Duplicate names are not allowed/);
    await refused(f.service.policies.create(f.admin, { policyName: "P", path: "/has space/", policyDocument: allow("bedrock:InvokeModel") }), "validation", /'path'/, "constraint");
    await refused(f.service.policies.get(f.otherAdmin, await f.policy(f.otherAdmin, arn)), "not-found", /does not exist/);
    await refused(f.service.policies.create(f.admin, { policyName: "Ctl", description: "bell\u0007", policyDocument: allow("bedrock:InvokeModel") }), "validation", /control characters/);
    await refused(f.service.policies.create(f.admin, { policyName: "Lone", description: "half \ud83d", policyDocument: allow("bedrock:InvokeModel") }), "validation", /control characters/);
    assert.equal((await f.service.policies.create(f.admin, { policyName: "Emoji", description: "models \u{1F916} ok", policyDocument: allow("bedrock:InvokeModel") })).description, "models \u{1F916} ok");
    await f.service.policies.delete(f.admin, await f.policy(f.admin, `arn:aws:iam::${f.admin.principal.accountId}:policy/Emoji`));
    const big = allow("bedrock:InvokeModel", { Sid: "S".repeat(6200) });
    await refused(f.service.policies.create(f.admin, { policyName: "Big", policyDocument: big }), "service-quota-exceeded", /PolicySize: 6144/);
  });

  it("versions: at most five, SetAsDefault, SetDefaultPolicyVersion, the default cannot be deleted", async () => {
    const v2 = await f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: allow(["bedrock:InvokeModel", "bedrock:Converse"].slice(0, 1)), setAsDefault: false });
    assert.deepEqual([v2.versionId, v2.isDefault], ["v2", false]);
    const v3 = await f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: allow("bedrock:InvokeModelWithResponseStream"), setAsDefault: true });
    assert.equal(v3.isDefault, true);
    assert.equal((await f.service.policies.get(f.admin, await f.policy(f.admin, arn))).defaultVersionId, "v3");
    await f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: allow("bedrock:ListFoundationModels") });
    await f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: allow("bedrock:GetFoundationModel") });
    await refused(f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: allow("bedrock:InvokeModel") }), "service-quota-exceeded", /up to 5 versions/);
    const listed = await f.service.versions.list(f.admin, await f.policy(f.admin, arn), {});
    assert.deepEqual(listed.items.map((v) => v.versionId), ["v5", "v4", "v3", "v2", "v1"]);
    await refused(f.service.versions.delete(f.admin, await f.policy(f.admin, arn), "v3"), "in-use", /default version/);
    await f.service.versions.setDefault(f.admin, await f.policy(f.admin, arn), "v1");
    await f.service.versions.delete(f.admin, await f.policy(f.admin, arn), "v3");
    await refused(f.service.versions.get(f.admin, await f.policy(f.admin, arn), "v3"), "not-found", /version v3 does not exist/);
    await refused(f.service.versions.get(f.admin, await f.policy(f.admin, arn), "3"), "validation", /'versionId'/, "constraint");
    await refused(f.service.versions.setDefault(f.admin, await f.policy(f.admin, arn), "v9"), "not-found", /v9/);
    await refused(f.service.versions.create(f.admin, await f.policy(f.admin, arn), { policyDocument: "{" }), "malformed-policy", /json/i);
  });

  it("attachments to users, groups and roles; ListAttached*, ListEntitiesForPolicy and attachment counts", async () => {
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "user", "erin"), arn);
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "user", "erin"), arn);
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "group", "readers"), arn);
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "role", "runner"), arn);
    assert.deepEqual((await f.service.attachments.listAttached(f.admin, await f.holder(f.admin, "user", "erin"), {})).items, [{ policyArn: arn, policyName: "InvokeOnly" }]);
    assert.deepEqual((await f.service.attachments.listAttached(f.admin, await f.holder(f.admin, "user", "erin"), { pathPrefix: "/other/" })).items, []);
    assert.equal((await f.service.policies.get(f.admin, await f.policy(f.admin, arn))).attachmentCount, 3);
    const entities = await f.service.attachments.listEntities(f.admin, await f.policy(f.admin, arn), {  });
    assert.deepEqual([entities.users.map((e) => e.name), entities.groups.map((e) => e.name), entities.roles.map((e) => e.name)], [["erin"], ["readers"], ["runner"]]);
    const onlyRoles = await f.service.attachments.listEntities(f.admin, await f.policy(f.admin, arn), { entityFilter: "Role" });
    assert.deepEqual([onlyRoles.users.length, onlyRoles.groups.length, onlyRoles.roles.length], [0, 0, 1]);
    const paged = await f.service.attachments.listEntities(f.admin, await f.policy(f.admin, arn), { maxItems: 2 });
    assert.equal(paged.isTruncated, true);
    const rest = await f.service.attachments.listEntities(f.admin, await f.policy(f.admin, arn), { maxItems: 2, marker: paged.marker });
    assert.equal(paged.users.length + paged.groups.length + paged.roles.length + rest.users.length + rest.groups.length + rest.roles.length, 3);
    await refused(f.service.policies.delete(f.admin, await f.policy(f.admin, arn)), "in-use", /attached to entities/);
    await refused(f.service.attachments.attach(f.admin, await f.holder(f.admin, "user", "erin"), `arn:aws:iam::${f.admin.principal.accountId}:policy/Nope`), "not-found", /does not exist or is not attachable/);
    await refused(f.service.attachments.detach(f.admin, await f.holder(f.admin, "user", "erin"), `arn:aws:iam::${f.admin.principal.accountId}:policy/Nope`), "not-found", /was not found/);
  });

  it("ListPolicies: Local, AWS, All, OnlyAttached, PathPrefix, and a permissions-boundary usage filter", async () => {
    const names = async (input: object) => (await f.service.policies.list(f.admin, input)).items.map((p) => p.policyName);
    assert.deepEqual(await names({ scope: "Local" }), ["InvokeOnly"]);
    assert.deepEqual(await names({ scope: "AWS" }), AWS_MANAGED_POLICIES.map((p) => p.name).sort());
    assert.equal((await names({})).length, AWS_MANAGED_POLICIES.length + 1);
    assert.deepEqual(await names({ onlyAttached: true }), ["InvokeOnly"]);
    assert.deepEqual(await names({ scope: "Local", pathPrefix: "/nothing/" }), []);
    await f.service.settings.putBoundary(f.admin, await f.holder(f.admin, "user", "erin"), awsManagedPolicyArn("AmazonBedrockReadOnly"));
    assert.deepEqual(await names({ policyUsageFilter: "PermissionsBoundary" }), ["AmazonBedrockReadOnly"]);
    await refused(f.service.policies.list(f.admin, { scope: "Mine" }), "validation", /'scope'/, "constraint");
  });

  it("AWS-managed policies: attachable by any account, counted per account, changeable by none", async () => {
    const admin = awsManagedPolicyArn("AdministratorAccess");
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "user", "erin"), admin);
    assert.equal((await f.service.policies.get(f.admin, await f.policy(f.admin, admin))).attachmentCount, 1);
    assert.equal((await f.service.policies.get(f.otherAdmin, await f.policy(f.otherAdmin, admin))).attachmentCount, 0, "another account sees none of this account's attachments");
    const theirs = await f.service.attachments.listEntities(f.otherAdmin, await f.policy(f.otherAdmin, admin), {  });
    assert.deepEqual([theirs.users, theirs.groups, theirs.roles], [[], [], []]);
    assert.deepEqual((await f.service.policies.list(f.otherAdmin, { onlyAttached: true })).items, []);
    await refused(f.service.policies.delete(f.admin, await f.policy(f.admin, admin)), "access-denied", /AWS managed/);
    await refused(f.service.versions.create(f.admin, await f.policy(f.admin, admin), { policyDocument: allow("iam:ListUsers") }), "access-denied", /AWS managed/);
    const policies = await f.store.iam.policiesForUser((await f.service.users.get(f.admin, await f.user(f.admin, "erin"))).userId);
    assert.ok(policies.identity.some((p) => p.label === admin && p.document === AWS_MANAGED_POLICIES[0]!.document));
  });

  it("ensureAwsManagedPolicies is idempotent", async () => {
    await ensureAwsManagedPolicies(f.store.iam, f.clock);
    const listed = await f.store.iam.listPolicies("aws");
    assert.equal(listed.length, AWS_MANAGED_POLICIES.length);
    assert.ok(listed.every((p) => p.defaultVersionId === "v1"));
  });

  it("DeletePolicy once detached and down to its default version", async () => {
    for (const kind of ["user", "group", "role"] as const) {
      await f.service.attachments.detach(f.admin, await f.holder(f.admin, kind, kind === "user" ? "erin" : kind === "group" ? "readers" : "runner"), arn);
    }
    await refused(f.service.policies.delete(f.admin, await f.policy(f.admin, arn)), "in-use", /more than one version/);
    for (const v of ["v2", "v4", "v5"]) await f.service.versions.delete(f.admin, await f.policy(f.admin, arn), v);
    await f.service.policies.delete(f.admin, await f.policy(f.admin, arn));
    await refused(f.service.policies.get(f.admin, await f.policy(f.admin, arn)), "not-found", /does not exist/);
  });
});
