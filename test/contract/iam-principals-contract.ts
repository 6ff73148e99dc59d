import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Store } from "../../src/store/index.js";
import { contractSuite, doc, newAccountId, newId, outcomes, randomName, rejectsWith } from "./iam-fixtures.js";

/** Users beyond IdentityStore, access-key quota, groups and membership, roles, boundaries. */
export function iamPrincipalsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: IAM users, groups, roles`, open, (f) => {
    const key = (userId: string) => ({ accessKeyId: newId("AKIA"), userId, secretCiphertext: new Uint8Array(randomBytes(32)), status: "Active" as const, createdAt: new Date() });

    it("users are listed by name within their account, optionally under a path prefix", async () => {
      const a = await f.account();
      const bob = await f.user(a, { userName: "bob", path: "/eng/" });
      const alice = await f.user(a, { userName: "alice", path: "/eng/ml/" });
      const carol = await f.user(a, { userName: "Carol" });
      await f.user(await f.account(), { userName: "dave" });
      assert.deepEqual((await f.store.iam.listUsers(a)).map((u) => u.userName), [carol.userName, alice.userName, bob.userName]);
      assert.deepEqual(await f.store.iam.listUsers(a, "/eng/"), [alice, bob]);
      assert.deepEqual(await f.store.iam.listUsers(a, "/eng/ml"), [alice]);
      assert.deepEqual(await f.store.iam.listUsers(a, "/ENG/"), [], "path prefixes compare with case");
      const v = await rejectsWith(f.store.iam.listUsers(a, "eng/"), "validation");
      assert.equal(v.detail.field, "pathPrefix");
    });

    it("a user is found by id; a missing one is undefined", async () => {
      const u = await f.user(await f.account());
      assert.deepEqual(await f.store.iam.getUserById(u.userId), u);
      assert.equal(await f.store.iam.getUserById(newId("AIDA")), undefined);
    });

    it("a user whose ARN does not match its account, path and name is a validation fault", async () => {
      const a = await f.account();
      const v = await rejectsWith(f.store.identity.createUser(f.userRecord(a, { arn: `arn:aws:iam::${a}:user/someone-else` })), "validation");
      assert.equal(v.detail.field, "arn");
    });

    it("deleting a user is refused while it has keys, groups, policies or an MFA device, and takes its tags with it", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const k = key(u.userId);
      await f.store.identity.createAccessKey(k);
      await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      await f.store.identity.deleteAccessKey(k.accessKeyId);

      const g = await f.group(a);
      await f.store.iam.addUserToGroup(g.groupId, u.userId);
      await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      await f.store.iam.removeUserFromGroup(g.groupId, u.userId);

      await f.store.iam.putInlinePolicy({ kind: "user", entityId: u.userId, policyName: "p", document: doc() });
      await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      await f.store.iam.deleteInlinePolicy("user", u.userId, "p");

      const p = await f.policy(a);
      await f.store.iam.attachPolicy("user", u.userId, p.arn);
      await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      await f.store.iam.detachPolicy("user", u.userId, p.arn);

      const m = await f.mfa(a);
      await f.store.iam.enableMfaDevice(m.serialNumber, u.userId, new Date());
      const c = await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      assert.match(c.message, /MFA devices/);
      await f.store.iam.deactivateMfaDevice(m.serialNumber);

      await f.store.iam.tagResource(u.arn, [{ key: "team", value: "ml" }]);
      await f.store.iam.setPermissionsBoundary("user", u.userId, p.arn);
      assert.equal(await f.store.iam.deleteUser(u.userId), true);
      assert.equal(await f.store.iam.getUserById(u.userId), undefined);
      assert.equal(await f.store.iam.deleteUser(u.userId), false);
      const again = await f.user(a, { userName: u.userName });
      assert.deepEqual(await f.store.iam.listTags(again.arn), [], "a new user of the same name does not inherit the old tags");
    });

    it("a user has at most two access keys (service-quota-exceeded, IAM's LimitExceeded)", async () => {
      const u = await f.user(await f.account());
      const first = key(u.userId);
      await f.store.identity.createAccessKey(first);
      await f.store.identity.createAccessKey(key(u.userId));
      await rejectsWith(f.store.identity.createAccessKey(key(u.userId)), "service-quota-exceeded");
      await f.store.identity.deleteAccessKey(first.accessKeyId);
      await f.store.identity.createAccessKey(key(u.userId));
      assert.equal((await f.store.identity.listAccessKeys(u.userId)).length, 2);
    });

    it("racing key creations for one user still leave at most two keys", async () => {
      for (let round = 0; round < 5; round++) {
        const u = await f.user(await f.account());
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => f.store.identity.createAccessKey(key(u.userId))));
        assert.deepEqual(outcomes(results), { fulfilled: 2, faults: Array(4).fill("service-quota-exceeded") });
        assert.equal((await f.store.identity.listAccessKeys(u.userId)).length, 2);
      }
    });

    it("a group round-trips, is found by name without regard to case, and is listed by path", async () => {
      const a = await f.account();
      const g = await f.group(a, { groupName: "Admins", path: "/ops/" });
      const h = await f.group(a, { groupName: "readers" });
      assert.deepEqual(await f.store.iam.getGroup(a, "admins"), g);
      assert.equal(await f.store.iam.getGroup(a, "nobody"), undefined);
      assert.equal(await f.store.iam.getGroup(newAccountId(), "Admins"), undefined);
      assert.deepEqual(await f.store.iam.listGroups(a), [g, h]);
      assert.deepEqual(await f.store.iam.listGroups(a, "/ops/"), [g]);
    });

    it("group names are unique per account without regard to case; ids, ARNs and accounts are checked", async () => {
      const a = await f.account();
      const g = await f.group(a);
      await rejectsWith(f.store.iam.createGroup(f.groupRecord(a, { groupName: g.groupName.toUpperCase() })), "conflict");
      await f.group(await f.account(), { groupName: g.groupName });
      assert.equal((await rejectsWith(f.store.iam.createGroup(f.groupRecord(a, { groupId: "AGPA123" })), "validation")).detail.field, "groupId");
      assert.equal((await rejectsWith(f.store.iam.createGroup({ ...f.groupRecord(a), arn: "arn:aws:iam::x:group/y" }), "validation")).detail.field, "arn");
      await rejectsWith(f.store.iam.createGroup(f.groupRecord(newAccountId())), "not-found");
    });

    it("membership: adding twice is harmless, removal answers whether it existed, lists go both ways", async () => {
      const a = await f.account();
      const [g1, g2] = [await f.group(a, { groupName: "b-group" }), await f.group(a, { groupName: "a-group" })];
      const [u1, u2] = [await f.user(a, { userName: "u1" }), await f.user(a, { userName: "u2" })];
      await f.store.iam.addUserToGroup(g1.groupId, u1.userId);
      await f.store.iam.addUserToGroup(g1.groupId, u1.userId);
      await f.store.iam.addUserToGroup(g1.groupId, u2.userId);
      await f.store.iam.addUserToGroup(g2.groupId, u1.userId);
      assert.deepEqual(await f.store.iam.listUsersInGroup(g1.groupId), [u1, u2]);
      assert.deepEqual(await f.store.iam.listGroupsForUser(u1.userId), [g2, g1]);
      assert.equal(await f.store.iam.removeUserFromGroup(g1.groupId, u1.userId), true);
      assert.equal(await f.store.iam.removeUserFromGroup(g1.groupId, u1.userId), false);
      assert.equal(await f.store.iam.removeUserFromGroup(newId("AGPA"), u1.userId), false);
      assert.deepEqual(await f.store.iam.listUsersInGroup(g1.groupId), [u2]);
    });

    it("membership needs a group and a user of the same account; a user joins at most ten groups", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const g = await f.group(a);
      await rejectsWith(f.store.iam.addUserToGroup(newId("AGPA"), u.userId), "not-found");
      await rejectsWith(f.store.iam.addUserToGroup(g.groupId, newId("AIDA")), "not-found");
      await rejectsWith(f.store.iam.addUserToGroup(g.groupId, (await f.user(await f.account())).userId), "not-found");
      for (let i = 0; i < 10; i++) await f.store.iam.addUserToGroup((await f.group(a)).groupId, u.userId);
      await rejectsWith(f.store.iam.addUserToGroup(g.groupId, u.userId), "service-quota-exceeded");
      assert.equal((await f.store.iam.listGroupsForUser(u.userId)).length, 10);
    });

    it("deleting a group is refused while it has members or policies", async () => {
      const a = await f.account();
      const g = await f.group(a);
      const u = await f.user(a);
      await f.store.iam.addUserToGroup(g.groupId, u.userId);
      await rejectsWith(f.store.iam.deleteGroup(g.groupId), "conflict");
      await f.store.iam.removeUserFromGroup(g.groupId, u.userId);
      await f.store.iam.putInlinePolicy({ kind: "group", entityId: g.groupId, policyName: "p", document: doc() });
      await rejectsWith(f.store.iam.deleteGroup(g.groupId), "conflict");
      await f.store.iam.deleteInlinePolicy("group", g.groupId, "p");
      const p = await f.policy(a);
      await f.store.iam.attachPolicy("group", g.groupId, p.arn);
      await rejectsWith(f.store.iam.deleteGroup(g.groupId), "conflict");
      await f.store.iam.detachPolicy("group", g.groupId, p.arn);
      assert.equal(await f.store.iam.deleteGroup(g.groupId), true);
      assert.equal(await f.store.iam.getGroup(a, g.groupName), undefined);
      assert.equal(await f.store.iam.deleteGroup(g.groupId), false);
    });

    it("a role round-trips with every field and is found by name without regard to case, or by id", async () => {
      const a = await f.account();
      const boundary = await f.policy(a);
      const r = await f.role(a, { roleName: "Deployer", path: "/ci/", description: "deploys", maxSessionDurationSeconds: 43200, permissionsBoundaryArn: boundary.arn });
      const plain = await f.role(a, { roleName: "auditor" });
      assert.deepEqual(await f.store.iam.getRole(a, "deployer"), r);
      assert.deepEqual(await f.store.iam.getRoleById(plain.roleId), plain);
      assert.equal(await f.store.iam.getRoleById(newId("AROA")), undefined);
      assert.deepEqual(await f.store.iam.listRoles(a), [r, plain]);
      assert.deepEqual(await f.store.iam.listRoles(a, "/ci/"), [r]);
    });

    it("role names are unique per account without regard to case; session duration and boundary are checked", async () => {
      const a = await f.account();
      const r = await f.role(a);
      await rejectsWith(f.store.iam.createRole(f.roleRecord(a, { roleName: r.roleName.toUpperCase() })), "conflict");
      for (const seconds of [3599, 43201, 3600.5]) {
        const v = await rejectsWith(f.store.iam.createRole(f.roleRecord(a, { maxSessionDurationSeconds: seconds })), "validation");
        assert.equal(v.detail.field, "maxSessionDurationSeconds");
      }
      await rejectsWith(f.store.iam.createRole(f.roleRecord(a, { permissionsBoundaryArn: `arn:aws:iam::${a}:policy/missing` })), "not-found");
      const foreign = await f.policy(await f.account());
      await rejectsWith(f.store.iam.createRole(f.roleRecord(a, { permissionsBoundaryArn: foreign.arn })), "not-found");
      await rejectsWith(f.store.iam.createRole(f.roleRecord(newAccountId())), "not-found");
      await rejectsWith(f.store.iam.createRole(f.roleRecord(a, { trustPolicy: " " })), "validation");
    });

    it("a role's trust policy is replaced; a missing role is a not-found fault", async () => {
      const r = await f.role(await f.account());
      const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }] });
      await f.store.iam.updateTrustPolicy(r.roleId, trust);
      assert.equal((await f.store.iam.getRoleById(r.roleId))?.trustPolicy, trust);
      await rejectsWith(f.store.iam.updateTrustPolicy(newId("AROA"), trust), "not-found");
    });

    it("deleting a role is refused while it has policies, and takes its tags with it", async () => {
      const a = await f.account();
      const r = await f.role(a);
      await f.store.iam.putInlinePolicy({ kind: "role", entityId: r.roleId, policyName: "p", document: doc() });
      await rejectsWith(f.store.iam.deleteRole(r.roleId), "conflict");
      await f.store.iam.deleteInlinePolicy("role", r.roleId, "p");
      const p = await f.policy(a);
      await f.store.iam.attachPolicy("role", r.roleId, p.arn);
      await rejectsWith(f.store.iam.deleteRole(r.roleId), "conflict");
      await f.store.iam.detachPolicy("role", r.roleId, p.arn);
      await f.store.iam.tagResource(r.arn, [{ key: "env", value: "prod" }]);
      assert.equal(await f.store.iam.deleteRole(r.roleId), true);
      assert.equal(await f.store.iam.deleteRole(r.roleId), false);
      assert.deepEqual(await f.store.iam.listTags(r.arn), []);
    });

    it("permissions boundaries are set, read and cleared on users and roles, from the account's or AWS-managed policies", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const r = await f.role(a);
      const own = await f.policy(a);
      const managed = await f.policy("aws", doc(), { policyName: randomName("AwsManaged") });
      assert.equal(await f.store.iam.getPermissionsBoundary("user", u.userId), undefined);
      await f.store.iam.setPermissionsBoundary("user", u.userId, own.arn);
      await f.store.iam.setPermissionsBoundary("role", r.roleId, managed.arn);
      assert.equal(await f.store.iam.getPermissionsBoundary("user", u.userId), own.arn);
      assert.equal(await f.store.iam.getPermissionsBoundary("role", r.roleId), managed.arn);
      assert.equal((await f.store.iam.getRoleById(r.roleId))?.permissionsBoundaryArn, managed.arn);
      await f.store.iam.setPermissionsBoundary("user", u.userId, undefined);
      assert.equal(await f.store.iam.getPermissionsBoundary("user", u.userId), undefined);
      assert.equal(await f.store.iam.getPermissionsBoundary("user", newId("AIDA")), undefined);
    });

    it("a boundary must be a usable policy on an existing user or role", async () => {
      const a = await f.account();
      const u = await f.user(a);
      await rejectsWith(f.store.iam.setPermissionsBoundary("user", u.userId, (await f.policy(await f.account())).arn), "not-found");
      await rejectsWith(f.store.iam.setPermissionsBoundary("user", u.userId, `arn:aws:iam::${a}:policy/none`), "not-found");
      await rejectsWith(f.store.iam.setPermissionsBoundary("role", newId("AROA"), undefined), "not-found");
      await rejectsWith(f.store.iam.setPermissionsBoundary("group" as never, newId("AGPA"), undefined), "validation");
    });

    it("a policy in use as a boundary cannot be deleted", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const p = await f.policy(a);
      await f.store.iam.setPermissionsBoundary("user", u.userId, p.arn);
      await rejectsWith(f.store.iam.deletePolicy(p.arn), "conflict");
      await f.store.iam.setPermissionsBoundary("user", u.userId, undefined);
      assert.equal(await f.store.iam.deletePolicy(p.arn), true);
    });
  });
}
