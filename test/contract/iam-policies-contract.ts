import { it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/store/index.js";
import { contractSuite, doc, newAccountId, outcomes, randomName, rejectsWith } from "./iam-fixtures.js";

/** Managed policies and their versions, attachments and inline policies. */
export function iamPoliciesContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: IAM managed and inline policies`, open, (f) => {
    it("a managed policy starts with v1 as its default and round-trips", async () => {
      const a = await f.account();
      const record = f.policyRecord(a, { path: "/team/", description: "models" });
      const created = await f.store.iam.createPolicy(record, doc());
      assert.deepEqual(created, { ...record, defaultVersionId: "v1", attachmentCount: 0, updatedAt: record.createdAt });
      assert.deepEqual(await f.store.iam.getPolicy(record.arn), created);
      assert.deepEqual(await f.store.iam.getPolicyVersion(record.arn, "v1"), { policyArn: record.arn, versionId: "v1", document: doc(), isDefault: true, createdAt: record.createdAt });
      assert.equal(await f.store.iam.getPolicy(`arn:aws:iam::${a}:policy/none`), undefined);
    });

    it("policy names are unique per account without regard to case; the account, id and ARN are checked", async () => {
      const a = await f.account();
      const p = await f.policy(a);
      await rejectsWith(f.store.iam.createPolicy(f.policyRecord(a, { policyName: p.policyName.toUpperCase() }), doc()), "conflict");
      await f.policy(await f.account(), doc(), { policyName: p.policyName });
      await rejectsWith(f.store.iam.createPolicy(f.policyRecord(newAccountId()), doc()), "not-found");
      assert.equal((await rejectsWith(f.store.iam.createPolicy({ ...f.policyRecord(a), policyId: "ANPA1" }, doc()), "validation")).detail.field, "policyId");
      assert.equal((await rejectsWith(f.store.iam.createPolicy({ ...f.policyRecord(a), arn: p.arn }, doc()), "validation")).detail.field, "arn");
      assert.equal((await rejectsWith(f.store.iam.createPolicy(f.policyRecord(a), ""), "validation")).detail.field, "document");
    });

    it("policies are listed by name, by path prefix, and only the attached ones on request; AWS-managed ones under aws", async () => {
      const a = await f.account();
      const p1 = await f.policy(a, doc(), { policyName: "b-policy", path: "/x/" });
      const p2 = await f.policy(a, doc(), { policyName: "a-policy" });
      const u = await f.user(a);
      await f.store.iam.attachPolicy("user", u.userId, p1.arn);
      assert.deepEqual((await f.store.iam.listPolicies(a)).map((p) => p.policyName), ["a-policy", "b-policy"]);
      assert.deepEqual((await f.store.iam.listPolicies(a, { pathPrefix: "/x/" })).map((p) => p.arn), [p1.arn]);
      assert.deepEqual(await f.store.iam.listPolicies(a, { onlyAttached: true }), [{ ...p1, attachmentCount: 1 }]);
      assert.deepEqual(await f.store.iam.listPolicies(a, { onlyAttached: false }), [p2, { ...p1, attachmentCount: 1 }]);
      const managed = await f.policy("aws", doc(), { policyName: randomName("Managed") });
      assert.ok((await f.store.iam.listPolicies("aws")).some((p) => p.arn === managed.arn));
      assert.ok(!(await f.store.iam.listPolicies(a)).some((p) => p.arn === managed.arn));
    });

    it("versions: new ones get the next number, the default moves when asked, the list is oldest first", async () => {
      const p = await f.policy(await f.account());
      const at = new Date("2025-04-01T00:00:00.000Z");
      const v2 = await f.store.iam.createPolicyVersion(p.arn, doc("bedrock:Converse"), false, at);
      assert.deepEqual(v2, { policyArn: p.arn, versionId: "v2", document: doc("bedrock:Converse"), isDefault: false, createdAt: at });
      assert.equal((await f.store.iam.getPolicy(p.arn))?.defaultVersionId, "v1");
      const later = new Date("2025-04-02T00:00:00.000Z");
      await f.store.iam.createPolicyVersion(p.arn, doc("bedrock:*"), true, later);
      const policy = await f.store.iam.getPolicy(p.arn);
      assert.equal(policy?.defaultVersionId, "v3");
      assert.deepEqual(policy?.updatedAt, later);
      assert.deepEqual((await f.store.iam.listPolicyVersions(p.arn)).map((v) => [v.versionId, v.isDefault]), [["v1", false], ["v2", false], ["v3", true]]);
      assert.equal(await f.store.iam.getPolicyVersion(p.arn, "v9"), undefined);
      assert.equal(await f.store.iam.getPolicyVersion(p.arn, "2"), undefined);
      assert.deepEqual(await f.store.iam.listPolicyVersions(`arn:aws:iam::${p.accountId}:policy/none`), []);
      await rejectsWith(f.store.iam.createPolicyVersion(`arn:aws:iam::${p.accountId}:policy/none`, doc(), false, at), "not-found");
    });

    it("a policy keeps at most five versions, and a deleted version's id is not given out again", async () => {
      const p = await f.policy(await f.account());
      for (let i = 0; i < 4; i++) await f.store.iam.createPolicyVersion(p.arn, doc(), false, new Date());
      await rejectsWith(f.store.iam.createPolicyVersion(p.arn, doc(), false, new Date()), "service-quota-exceeded");
      assert.equal(await f.store.iam.deletePolicyVersion(p.arn, "v2"), true);
      assert.equal(await f.store.iam.deletePolicyVersion(p.arn, "v2"), false);
      assert.equal((await f.store.iam.createPolicyVersion(p.arn, doc(), false, new Date())).versionId, "v6");
      assert.deepEqual((await f.store.iam.listPolicyVersions(p.arn)).map((v) => v.versionId), ["v1", "v3", "v4", "v5", "v6"]);
    });

    it("racing version creations still leave at most five versions, each with its own id", async () => {
      const p = await f.policy(await f.account());
      const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => f.store.iam.createPolicyVersion(p.arn, doc(), i % 2 === 0, new Date())));
      assert.deepEqual(outcomes(results), { fulfilled: 4, faults: ["service-quota-exceeded", "service-quota-exceeded", "service-quota-exceeded"] });
      const ids = (await f.store.iam.listPolicyVersions(p.arn)).map((v) => v.versionId);
      assert.deepEqual(ids, ["v1", "v2", "v3", "v4", "v5"]);
      assert.equal((await f.store.iam.listPolicyVersions(p.arn)).filter((v) => v.isDefault).length, 1);
    });

    it("the default version cannot be deleted; setting the default needs an existing version", async () => {
      const p = await f.policy(await f.account());
      await f.store.iam.createPolicyVersion(p.arn, doc("bedrock:Converse"), false, new Date());
      await rejectsWith(f.store.iam.deletePolicyVersion(p.arn, "v1"), "conflict");
      const at = new Date("2025-05-05T05:05:05.005Z");
      await f.store.iam.setDefaultPolicyVersion(p.arn, "v2", at);
      assert.deepEqual(await f.store.iam.getPolicy(p.arn), { ...p, defaultVersionId: "v2", updatedAt: at });
      assert.equal(await f.store.iam.deletePolicyVersion(p.arn, "v1"), true);
      await rejectsWith(f.store.iam.setDefaultPolicyVersion(p.arn, "v1", at), "not-found");
      await rejectsWith(f.store.iam.setDefaultPolicyVersion(p.arn, "first", at), "validation");
      await rejectsWith(f.store.iam.setDefaultPolicyVersion(`arn:aws:iam::${p.accountId}:policy/none`, "v1", at), "not-found");
      assert.equal(await f.store.iam.deletePolicyVersion(`arn:aws:iam::${p.accountId}:policy/none`, "v1"), false);
    });

    it("deleting a policy is refused while attached or with other versions, and takes its tags with it", async () => {
      const a = await f.account();
      const p = await f.policy(a);
      const r = await f.role(a);
      await f.store.iam.attachPolicy("role", r.roleId, p.arn);
      await rejectsWith(f.store.iam.deletePolicy(p.arn), "conflict");
      await f.store.iam.detachPolicy("role", r.roleId, p.arn);
      await f.store.iam.createPolicyVersion(p.arn, doc(), false, new Date());
      await rejectsWith(f.store.iam.deletePolicy(p.arn), "conflict");
      await f.store.iam.deletePolicyVersion(p.arn, "v2");
      await f.store.iam.tagResource(p.arn, [{ key: "k", value: "v" }]);
      assert.equal(await f.store.iam.deletePolicy(p.arn), true);
      assert.equal(await f.store.iam.getPolicy(p.arn), undefined);
      assert.deepEqual(await f.store.iam.listPolicyVersions(p.arn), []);
      assert.deepEqual(await f.store.iam.listTags(p.arn), []);
      assert.equal(await f.store.iam.deletePolicy(p.arn), false);
    });

    it("attachments: to users, groups and roles, counted, listed both ways, idempotent, detached", async () => {
      const a = await f.account();
      const p = await f.policy(a, doc(), { policyName: "shared" });
      const q = await f.policy(a, doc(), { policyName: "another" });
      const u = await f.user(a, { userName: "zed" });
      const g = await f.group(a, { groupName: "ops" });
      const r = await f.role(a, { roleName: "runner" });
      await f.store.iam.attachPolicy("user", u.userId, p.arn);
      await f.store.iam.attachPolicy("user", u.userId, p.arn);
      await f.store.iam.attachPolicy("user", u.userId, q.arn);
      await f.store.iam.attachPolicy("group", g.groupId, p.arn);
      await f.store.iam.attachPolicy("role", r.roleId, p.arn);
      assert.equal((await f.store.iam.getPolicy(p.arn))?.attachmentCount, 3);
      assert.deepEqual(await f.store.iam.listAttachedPolicies("user", u.userId), [{ policyArn: q.arn, policyName: "another" }, { policyArn: p.arn, policyName: "shared" }]);
      assert.deepEqual(await f.store.iam.listEntitiesForPolicy(p.arn), [
        { kind: "user", entityId: u.userId, name: "zed" },
        { kind: "group", entityId: g.groupId, name: "ops" },
        { kind: "role", entityId: r.roleId, name: "runner" },
      ]);
      assert.equal(await f.store.iam.detachPolicy("group", g.groupId, p.arn), true);
      assert.equal(await f.store.iam.detachPolicy("group", g.groupId, p.arn), false);
      assert.equal(await f.store.iam.detachPolicy("group", g.groupId, `arn:aws:iam::${a}:policy/none`), false);
      assert.equal((await f.store.iam.getPolicy(p.arn))?.attachmentCount, 2);
      assert.deepEqual(await f.store.iam.listEntitiesForPolicy(`arn:aws:iam::${a}:policy/none`), []);
    });

    it("an attachment needs an existing entity and a policy of its account (or AWS-managed); at most ten per entity", async () => {
      const a = await f.account();
      const u = await f.user(a);
      await rejectsWith(f.store.iam.attachPolicy("user", u.userId, (await f.policy(await f.account())).arn), "not-found");
      await rejectsWith(f.store.iam.attachPolicy("user", u.userId, `arn:aws:iam::${a}:policy/none`), "not-found");
      await rejectsWith(f.store.iam.attachPolicy("role", "AROA0000000000000000", (await f.policy(a)).arn), "not-found");
      await rejectsWith(f.store.iam.attachPolicy("robot" as never, u.userId, (await f.policy(a)).arn), "validation");
      await f.store.iam.attachPolicy("user", u.userId, (await f.policy("aws", doc(), { policyName: randomName("Managed") })).arn);
      for (let i = 0; i < 9; i++) await f.store.iam.attachPolicy("user", u.userId, (await f.policy(a)).arn);
      await rejectsWith(f.store.iam.attachPolicy("user", u.userId, (await f.policy(a)).arn), "service-quota-exceeded");
      assert.equal((await f.store.iam.listAttachedPolicies("user", u.userId)).length, 10);
    });

    it("attachment counts stay exact under racing attaches and detaches", async () => {
      const a = await f.account();
      const p = await f.policy(a);
      const users = await Promise.all(Array.from({ length: 8 }, () => f.user(a)));
      await Promise.all(users.map((u) => f.store.iam.attachPolicy("user", u.userId, p.arn)));
      assert.equal((await f.store.iam.getPolicy(p.arn))?.attachmentCount, 8);
      const roles = await Promise.all(Array.from({ length: 3 }, () => f.role(a)));
      const detached = await Promise.all([
        ...users.slice(0, 5).map((u) => f.store.iam.detachPolicy("user", u.userId, p.arn)),
        ...users.slice(0, 2).map((u) => f.store.iam.detachPolicy("user", u.userId, p.arn)),
        ...roles.map((r) => f.store.iam.attachPolicy("role", r.roleId, p.arn).then(() => "attached")),
      ]);
      assert.equal(detached.filter((d) => d === true).length, 5, "each attachment is detached once");
      assert.equal((await f.store.iam.getPolicy(p.arn))?.attachmentCount, 6);
      assert.equal((await f.store.iam.listEntitiesForPolicy(p.arn)).length, 6);
    });

    it("inline policies of each kind are put, replaced, read, listed by name and deleted", async () => {
      const a = await f.account();
      const entities = [["user", (await f.user(a)).userId], ["group", (await f.group(a)).groupId], ["role", (await f.role(a)).roleId]] as const;
      for (const [kind, entityId] of entities) {
        await f.store.iam.putInlinePolicy({ kind, entityId, policyName: "b", document: doc() });
        await f.store.iam.putInlinePolicy({ kind, entityId, policyName: "a", document: doc() });
        await f.store.iam.putInlinePolicy({ kind, entityId, policyName: "b", document: doc("bedrock:Converse") });
        assert.deepEqual(await f.store.iam.getInlinePolicy(kind, entityId, "b"), { kind, entityId, policyName: "b", document: doc("bedrock:Converse") });
        assert.deepEqual(await f.store.iam.listInlinePolicyNames(kind, entityId), ["a", "b"]);
        assert.equal(await f.store.iam.deleteInlinePolicy(kind, entityId, "a"), true);
        assert.equal(await f.store.iam.deleteInlinePolicy(kind, entityId, "a"), false);
        assert.equal(await f.store.iam.getInlinePolicy(kind, entityId, "a"), undefined);
      }
    });

    it("an inline policy needs an existing entity, a valid name and a document", async () => {
      const u = await f.user(await f.account());
      await rejectsWith(f.store.iam.putInlinePolicy({ kind: "group", entityId: "AGPA0000000000000000", policyName: "p", document: doc() }), "not-found");
      assert.equal((await rejectsWith(f.store.iam.putInlinePolicy({ kind: "user", entityId: u.userId, policyName: "bad name", document: doc() }), "validation")).detail.field, "policyName");
      assert.equal((await rejectsWith(f.store.iam.putInlinePolicy({ kind: "user", entityId: u.userId, policyName: "p", document: "" }), "validation")).detail.field, "document");
      assert.equal(await f.store.iam.deleteInlinePolicy("user", "AIDA0000000000000000", "p"), false);
      assert.deepEqual(await f.store.iam.listInlinePolicyNames("user", "AIDA0000000000000000"), []);
    });
  });
}
