import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";

describe("users", () => {
  let f: IamFixture;
  before(async () => { f = await iamFixture(); });
  after(async () => { await f.close(); });

  it("CreateUser with a path, boundary and tags; GetUser answers them; names are unique without regard to case", async () => {
    const user = await f.service.users.create(f.admin, {
      userName: "alice", path: "/engineering/", permissionsBoundary: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
      tags: [{ key: "team", value: "ml" }],
    });
    assert.equal(user.arn, `arn:aws:iam::${f.admin.principal.accountId}:user/engineering/alice`);
    assert.match(user.userId, /^AIDA[A-Z2-7]{16}$/);
    const got = await f.service.users.get(f.admin, await f.user(f.admin, "alice"));
    assert.equal(got.permissionsBoundaryArn, "arn:aws:iam::aws:policy/AmazonBedrockFullAccess");
    assert.deepEqual(got.tags, [{ key: "team", value: "ml" }]);
    await refused(f.service.users.create(f.admin, { userName: "ALICE" }), "already-exists", /User with name ALICE already exists/);
  });

  it("GetUser without a name answers the caller; a role session must name the user", async () => {
    assert.equal((await f.service.users.get(f.admin, await f.user(f.admin, undefined))).userName, "administrator");
    const session = f.contextFor({ ...f.admin.principal, type: "AssumedRole", arn: `arn:aws:sts::${f.admin.principal.accountId}:assumed-role/r/s` });
    await refused(f.user(session, undefined), "validation", /Must specify userName/, "constraint");
  });

  it("a request is authorised on the user's real ARN, path included; on the ARN its name gives when there is none", async () => {
    const account = f.admin.principal.accountId;
    const alice = await f.user(f.admin, "alice");
    assert.equal(alice.arn, `arn:aws:iam::${account}:user/engineering/alice`);
    assert.deepEqual([alice.tags, alice.permissionsBoundary], [[{ key: "team", value: "ml" }], "arn:aws:iam::aws:policy/AmazonBedrockFullAccess"]);
    const nobody = await f.user(f.admin, "nobody");
    assert.deepEqual([nobody.arn, nobody.entity], [`arn:aws:iam::${account}:user/nobody`, undefined]);
    await refused(f.service.users.get(f.admin, nobody), "not-found", /The user with name nobody cannot be found/);
    assert.equal((await f.user(f.admin, undefined)).arn, f.admin.principal.arn, "no name: the caller");
  });

  it("names, paths and tags outside IAM's model are ValidationErrors naming the member", async () => {
    await refused(f.service.users.create(f.admin, { userName: "bad name" }), "validation", /'userName'.*regular expression/, "constraint");
    await refused(f.service.users.create(f.admin, { userName: "x".repeat(65) }), "validation", /'userName'.*less than or equal to 64/, "constraint");
    await refused(f.service.users.create(f.admin, { userName: "p", path: "no-slash" }), "validation", /'path'/, "constraint");
    await refused(f.service.users.create(f.admin, { userName: "t", tags: [{ key: "a", value: "1" }, { key: "A", value: "2" }] }), "validation", /Duplicate tag keys/);
    await refused(f.service.users.create(f.admin, { userName: "t", tags: [{ key: "aws:x", value: "1" }] }), "validation", /reserved/);
    await refused(f.service.users.create(f.admin, { userName: "t", tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })) }), "validation", /'tags'/, "constraint");
    await refused(f.service.users.create(f.admin, { userName: "b", permissionsBoundary: "arn:aws:iam::aws:policy/NoSuchPolicy" }), "not-found", /does not exist/);
    await refused(f.service.users.create(f.admin, { userName: "b", permissionsBoundary: "not-an-arn-of-any-kind" }), "validation", /is not valid/);
    assert.equal(await f.store.identity.getUserByName(f.admin.principal.accountId, "b"), undefined);
  });

  it("ListUsers pages with Marker and MaxItems, filters by PathPrefix and stays in the caller's account", async () => {
    for (const name of ["u1", "u2", "u3"]) await f.service.users.create(f.admin, { userName: name, path: "/paged/" });
    const first = await f.service.users.list(f.admin, { pathPrefix: "/paged/", maxItems: 2 });
    assert.deepEqual(first.items.map((u) => u.userName), ["u1", "u2"]);
    assert.equal(first.isTruncated, true);
    const second = await f.service.users.list(f.admin, { pathPrefix: "/paged/", maxItems: 2, marker: first.marker });
    assert.deepEqual(second.items.map((u) => u.userName), ["u3"]);
    assert.equal(second.isTruncated, false);
    assert.equal(second.marker, undefined);
    const other = await f.service.users.list(f.otherAdmin, {});
    assert.deepEqual(other.items.map((u) => u.userName), ["administrator"]);
    await refused(f.service.users.list(f.admin, { maxItems: 0 }), "validation", /'maxItems'/, "constraint");
    await refused(f.service.users.list(f.admin, { marker: "@@@" }), "validation", /Invalid Marker/);
  });

  it("another account's user is not found, whatever its name", async () => {
    await refused(f.service.users.get(f.otherAdmin, await f.user(f.otherAdmin, "alice")), "not-found", /The user with name alice cannot be found/);
  });

  it("DeleteUser is refused while the user has keys, MFA, policies or groups, then succeeds and takes its tags", async () => {
    await f.service.users.create(f.admin, { userName: "doomed", tags: [{ key: "k", value: "v" }] });
    const key = await f.service.accessKeys.create(f.admin, await f.user(f.admin, "doomed"));
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "doomed")), "in-use", /must delete access keys first/);
    await f.service.accessKeys.delete(f.admin, await f.user(f.admin, "doomed"), { accessKeyId: key.accessKeyId });
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "doomed"), "p", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }] }));
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "doomed")), "in-use", /must delete policies first/);
    await f.service.inlinePolicies.delete(f.admin, await f.holder(f.admin, "user", "doomed"), "p");
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "user", "doomed"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "doomed")), "in-use", /must detach all policies first/);
    await f.service.attachments.detach(f.admin, await f.holder(f.admin, "user", "doomed"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    await f.service.groups.create(f.admin, { groupName: "g-doomed" });
    await f.service.groups.addUser(f.admin, await f.group(f.admin, "g-doomed"), "doomed");
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "doomed")), "in-use", /remove user from all groups/);
    await f.service.groups.removeUser(f.admin, await f.group(f.admin, "g-doomed"), "doomed");
    await f.service.users.delete(f.admin, await f.user(f.admin, "doomed"));
    await refused(f.service.users.get(f.admin, await f.user(f.admin, "doomed")), "not-found", /cannot be found/);
    assert.deepEqual(await f.store.iam.listTags(`arn:aws:iam::${f.admin.principal.accountId}:user/doomed`), []);
  });

  it("tags and permissions boundaries can be changed later", async () => {
    await f.service.settings.tag(f.admin, await f.holder(f.admin, "user", "alice"), [{ key: "Team", value: "research" }, { key: "cost", value: "42" }]);
    const tags = await f.service.settings.listTags(f.admin, await f.holder(f.admin, "user", "alice"), {});
    assert.deepEqual(tags.items.map((t) => [t.key, t.value]).sort(), [["Team", "research"], ["cost", "42"]]);
    await f.service.settings.untag(f.admin, await f.holder(f.admin, "user", "alice"), ["team"]);
    assert.deepEqual((await f.service.settings.listTags(f.admin, await f.holder(f.admin, "user", "alice"), {})).items.map((t) => t.key), ["cost"]);
    await f.service.settings.deleteBoundary(f.admin, await f.holder(f.admin, "user", "alice"));
    assert.equal((await f.service.users.get(f.admin, await f.user(f.admin, "alice"))).permissionsBoundaryArn, undefined);
    await f.service.settings.putBoundary(f.admin, await f.holder(f.admin, "user", "alice"), "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    assert.equal((await f.service.users.get(f.admin, await f.user(f.admin, "alice"))).permissionsBoundaryArn, "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    const many = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    await refused(f.service.settings.tag(f.admin, await f.holder(f.admin, "user", "alice"), many), "service-quota-exceeded", /TagsPerUser: 50/);
  });
});
