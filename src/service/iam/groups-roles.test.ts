import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";

const trust = (principal: object): string => JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
});

describe("groups", () => {
  let f: IamFixture;
  before(async () => { f = await iamFixture(); });
  after(async () => { await f.close(); });

  it("CreateGroup, membership, GetGroup with its users, ListGroupsForUser, and DeleteGroup's conflicts", async () => {
    const group = await f.service.groups.create(f.admin, { groupName: "Developers", path: "/teams/" });
    assert.match(group.groupId, /^AGPA[A-Z2-7]{16}$/);
    assert.equal(group.arn, `arn:aws:iam::${f.admin.principal.accountId}:group/teams/Developers`);
    await refused(f.service.groups.create(f.admin, { groupName: "developers" }), "already-exists", /Group with name developers already exists/);
    await f.service.users.create(f.admin, { userName: "dev1" });
    await f.service.groups.addUser(f.admin, await f.group(f.admin, "Developers"), "dev1");
    await f.service.groups.addUser(f.admin, await f.group(f.admin, "Developers"), "dev1");
    const got = await f.service.groups.get(f.admin, await f.group(f.admin, "Developers"), {});
    assert.deepEqual(got.users.items.map((u) => u.userName), ["dev1"]);
    assert.deepEqual((await f.service.groups.listForUser(f.admin, await f.user(f.admin, "dev1"), {})).items.map((g) => g.groupName), ["Developers"]);
    await refused(f.service.groups.addUser(f.admin, await f.group(f.admin, "Developers"), "nobody"), "not-found", /user with name nobody/);
    await refused(f.service.groups.addUser(f.admin, await f.group(f.admin, "Nobody"), "dev1"), "not-found", /group with name Nobody/);
    await refused(f.service.groups.delete(f.admin, await f.group(f.admin, "Developers")), "in-use", /remove users from group first/);
    await f.service.groups.removeUser(f.admin, await f.group(f.admin, "Developers"), "dev1");
    await refused(f.service.groups.removeUser(f.admin, await f.group(f.admin, "Developers"), "dev1"), "not-found", /cannot be found in group/);
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "group", "Developers"), "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    await refused(f.service.groups.delete(f.admin, await f.group(f.admin, "Developers")), "in-use", /detach all policies/);
    await f.service.attachments.detach(f.admin, await f.holder(f.admin, "group", "Developers"), "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    await f.service.groups.delete(f.admin, await f.group(f.admin, "Developers"));
    assert.deepEqual((await f.service.groups.list(f.admin, {})).items, []);
  });

  it("a user belongs to at most 10 groups", async () => {
    await f.service.users.create(f.admin, { userName: "joiner" });
    for (let i = 0; i < 10; i++) {
      await f.service.groups.create(f.admin, { groupName: `g${i}` });
      await f.service.groups.addUser(f.admin, await f.group(f.admin, `g${i}`), "joiner");
    }
    await f.service.groups.create(f.admin, { groupName: "g10" });
    await refused(f.service.groups.addUser(f.admin, await f.group(f.admin, "g10"), "joiner"), "service-quota-exceeded", /GroupsPerUser: 10/);
  });
});

describe("roles", () => {
  let f: IamFixture;
  before(async () => { f = await iamFixture(); });
  after(async () => { await f.close(); });

  it("CreateRole keeps the trust policy as written, with its description, duration, boundary and tags", async () => {
    const document = trust({ AWS: `arn:aws:iam::${f.admin.principal.accountId}:root` });
    const role = await f.service.roles.create(f.admin, {
      roleName: "analyst", assumeRolePolicyDocument: document, description: "Reads models", maxSessionDuration: 7200,
      permissionsBoundary: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly", tags: [{ key: "team", value: "ml" }],
    });
    assert.match(role.roleId, /^AROA[A-Z2-7]{16}$/);
    const got = await f.service.roles.get(f.admin, await f.role(f.admin, "analyst"));
    assert.equal(got.trustPolicy, document);
    assert.equal(got.maxSessionDurationSeconds, 7200);
    assert.equal(got.description, "Reads models");
    assert.equal(got.permissionsBoundaryArn, "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    assert.deepEqual(got.tags, [{ key: "team", value: "ml" }]);
    assert.equal((await f.service.roles.create(f.admin, { roleName: "defaults", assumeRolePolicyDocument: document })).maxSessionDurationSeconds, 3600);
    await refused(f.service.roles.create(f.admin, { roleName: "Analyst", assumeRolePolicyDocument: document }), "already-exists", /Role with name Analyst/);
  });

  it("trust policies are validated as trust policies, with the path of the problem and without the document", async () => {
    const noPrincipal = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] });
    const error = await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: noPrincipal }), "malformed-policy", /Statement/);
    assert.ok(!error.message.includes("sts:AssumeRole\"}"), "the message does not quote the document");
    await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: "{not json" }), "malformed-policy", /json/i);
    await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: trust({ AWS: "*" }), maxSessionDuration: 3599 }), "validation", /'maxSessionDuration'.*3600/, "constraint");
    await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: trust({ AWS: "*" }), maxSessionDuration: 43201 }), "validation", /43200/, "constraint");
    const big = JSON.stringify({ Version: "2012-10-17", Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${f.admin.principal.accountId}:root` }, Action: "sts:AssumeRole" })) });
    await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: big }), "service-quota-exceeded", /ACLSizePerRole: 2048/);
    await refused(f.service.roles.create(f.admin, { roleName: "r1", assumeRolePolicyDocument: "\u0100" }), "validation", /'assumeRolePolicyDocument'/, "constraint");
  });

  it("UpdateAssumeRolePolicy replaces the trust policy; DeleteRole waits for its policies to go", async () => {
    const replacement = trust({ Service: "bedrock.amazonaws.com" });
    await f.service.roles.updateTrustPolicy(f.admin, await f.role(f.admin, "analyst"), replacement);
    assert.equal((await f.service.roles.get(f.admin, await f.role(f.admin, "analyst"))).trustPolicy, replacement);
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "role", "analyst"), "read", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:List*", Resource: "*" }] }));
    await refused(f.service.roles.delete(f.admin, await f.role(f.admin, "analyst")), "in-use", /delete policies first/);
    await f.service.inlinePolicies.delete(f.admin, await f.holder(f.admin, "role", "analyst"), "read");
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "role", "analyst"), "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    await refused(f.service.roles.delete(f.admin, await f.role(f.admin, "analyst")), "in-use", /detach all policies/);
    await f.service.attachments.detach(f.admin, await f.holder(f.admin, "role", "analyst"), "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    await f.service.roles.delete(f.admin, await f.role(f.admin, "analyst"));
    await refused(f.service.roles.get(f.admin, await f.role(f.admin, "analyst")), "not-found", /role with name analyst/);
    assert.deepEqual((await f.service.roles.list(f.admin, {})).items.map((r) => r.roleName), ["defaults"]);
  });

  it("role tags and boundaries", async () => {
    await f.service.settings.tag(f.admin, await f.holder(f.admin, "role", "defaults"), [{ key: "env", value: "prod" }]);
    assert.deepEqual((await f.service.settings.listTags(f.admin, await f.holder(f.admin, "role", "defaults"), {})).items, [{ key: "env", value: "prod" }]);
    await f.service.settings.untag(f.admin, await f.holder(f.admin, "role", "defaults"), ["ENV"]);
    assert.deepEqual((await f.service.settings.listTags(f.admin, await f.holder(f.admin, "role", "defaults"), {})).items, []);
    await f.service.settings.putBoundary(f.admin, await f.holder(f.admin, "role", "defaults"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    assert.equal((await f.service.roles.get(f.admin, await f.role(f.admin, "defaults"))).permissionsBoundaryArn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
    await f.service.settings.deleteBoundary(f.admin, await f.holder(f.admin, "role", "defaults"));
    assert.equal((await f.service.roles.get(f.admin, await f.role(f.admin, "defaults"))).permissionsBoundaryArn, undefined);
  });
});
