import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Store } from "../../src/store/index.js";
import { contractSuite, doc, newId, randomAlnum, rejectsWith } from "./iam-fixtures.js";

/** `changeCounter`: grows on every IAM change of the account or its organisation, and only then. */
export function iamChangesContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: IAM change counter`, open, (f) => {
    it("every kind of IAM mutation raises the account's counter, and leaves other accounts' alone", async () => {
      const a = await f.account();
      const bystander = await f.account();
      const bystanderBefore = await f.store.iam.changeCounter(bystander);
      const iam = f.store.iam;
      let last = await iam.changeCounter(a);
      const counts = async (what: string, mutation: () => Promise<unknown>): Promise<void> => {
        await mutation();
        const now = await iam.changeCounter(a);
        assert.ok(now > last, `${what} raised the counter (${last} -> ${now})`);
        last = now;
      };
      const u = f.userRecord(a);
      await counts("createUser", () => f.store.identity.createUser(u));
      const key = { accessKeyId: newId("AKIA"), userId: u.userId, secretCiphertext: new Uint8Array(randomBytes(32)), status: "Active" as const, createdAt: new Date() };
      await counts("createAccessKey", () => f.store.identity.createAccessKey(key));
      await counts("setAccessKeyStatus", () => f.store.identity.setAccessKeyStatus(key.accessKeyId, "Inactive"));
      await counts("deleteAccessKey", () => f.store.identity.deleteAccessKey(key.accessKeyId));
      const g = f.groupRecord(a);
      await counts("createGroup", () => iam.createGroup(g));
      await counts("addUserToGroup", () => iam.addUserToGroup(g.groupId, u.userId));
      await counts("removeUserFromGroup", () => iam.removeUserFromGroup(g.groupId, u.userId));
      const r = f.roleRecord(a);
      await counts("createRole", () => iam.createRole(r));
      await counts("updateTrustPolicy", () => iam.updateTrustPolicy(r.roleId, doc("sts:AssumeRole")));
      const p = f.policyRecord(a);
      await counts("createPolicy", () => iam.createPolicy(p, doc()));
      await counts("createPolicyVersion", () => iam.createPolicyVersion(p.arn, doc("x:Y"), false, new Date()));
      await counts("setDefaultPolicyVersion", () => iam.setDefaultPolicyVersion(p.arn, "v2", new Date()));
      await counts("deletePolicyVersion", () => iam.deletePolicyVersion(p.arn, "v1"));
      for (const [kind, id] of [["user", u.userId], ["group", g.groupId], ["role", r.roleId]] as const) {
        await counts(`attachPolicy ${kind}`, () => iam.attachPolicy(kind, id, p.arn));
        await counts(`detachPolicy ${kind}`, () => iam.detachPolicy(kind, id, p.arn));
        await counts(`putInlinePolicy ${kind}`, () => iam.putInlinePolicy({ kind, entityId: id, policyName: "p", document: doc() }));
        await counts(`deleteInlinePolicy ${kind}`, () => iam.deleteInlinePolicy(kind, id, "p"));
      }
      await counts("setPermissionsBoundary", () => iam.setPermissionsBoundary("role", r.roleId, p.arn));
      await counts("clear the boundary", () => iam.setPermissionsBoundary("role", r.roleId, undefined));
      await counts("tagResource", () => iam.tagResource(u.arn, [{ key: "k", value: "v" }]));
      await counts("untagResource", () => iam.untagResource(u.arn, ["k"]));
      const m = f.mfaRecord(a);
      await counts("createMfaDevice", () => iam.createMfaDevice(m));
      await counts("enableMfaDevice", () => iam.enableMfaDevice(m.serialNumber, u.userId, new Date()));
      await counts("deactivateMfaDevice", () => iam.deactivateMfaDevice(m.serialNumber));
      await counts("deleteMfaDevice", () => iam.deleteMfaDevice(m.serialNumber));
      const resource = `arn:aws:bedrock:us-east-1:${a}:custom-model/${randomAlnum(8).toLowerCase()}`;
      await counts("put a resource policy", () => f.store.resourcePolicies.put(resource, a, doc()));
      await counts("delete a resource policy", () => f.store.resourcePolicies.delete(resource));
      await counts("deleteRole", () => iam.deleteRole(r.roleId));
      await counts("deleteGroup", () => iam.deleteGroup(g.groupId));
      await counts("deletePolicy", () => iam.deletePolicy(p.arn));
      await counts("deleteUser", () => iam.deleteUser(u.userId));
      assert.equal(await iam.changeCounter(bystander), bystanderBefore, "another account's counter did not move");
    });

    it("reads, refused mutations, key use, MFA steps and MFA attempts leave the counter as it was", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const m = await f.mfa(a);
      const key = () => ({ accessKeyId: newId("AKIA"), userId: u.userId, secretCiphertext: new Uint8Array(randomBytes(32)), status: "Active" as const, createdAt: new Date() });
      const first = key();
      await f.store.identity.createAccessKey(first);
      await f.store.identity.createAccessKey(key());
      const before = await f.store.iam.changeCounter(a);
      await f.store.iam.policiesForUser(u.userId);
      await f.store.iam.listUsers(a);
      await f.store.iam.useMfaStep(m.serialNumber, 1);
      await f.store.iam.claimMfaAttempt(m.serialNumber, new Date(), { threshold: 1, lockMs: [60_000] });
      await f.store.identity.recordAccessKeyUse(first.accessKeyId, new Date(), "us-east-1", "bedrock");
      // Refused after the change was counted: the transaction, count included, is rolled back.
      await rejectsWith(f.store.identity.createAccessKey(key()), "service-quota-exceeded");
      await rejectsWith(f.store.identity.createUser({ ...f.userRecord(a), userName: u.userName, arn: u.arn }), "conflict");
      await rejectsWith(f.store.iam.attachPolicy("user", u.userId, `arn:aws:iam::${a}:policy/none`), "not-found");
      assert.equal(await f.store.iam.changeCounter(a), before);
    });

    it("racing mutations of one account are each counted", async () => {
      const a = await f.account();
      const before = await f.store.iam.changeCounter(a);
      await Promise.all(Array.from({ length: 10 }, () => f.group(a)));
      assert.equal(await f.store.iam.changeCounter(a), before + 10);
    });

    it("organisation changes raise every account's counter, AWS-managed policies too", async () => {
      const org = await f.organization();
      const [a, b] = [await f.account(), await f.account()];
      const snapshot = async () => [await f.store.iam.changeCounter(a), await f.store.iam.changeCounter(b)];
      const raisesBoth = async (what: string, mutation: () => Promise<unknown>): Promise<void> => {
        const [beforeA, beforeB] = await snapshot();
        await mutation();
        const [afterA, afterB] = await snapshot();
        assert.ok(afterA! > beforeA! && afterB! > beforeB!, `${what} raised every account's counter`);
      };
      const policyId = `p-${randomAlnum(8).toLowerCase()}`;
      const scp = { policyId, arn: `arn:aws:organizations::${org.managementAccountId}:policy/${org.organizationId}/service_control_policy/${policyId}`, name: `scp-${policyId}`, description: "", document: doc(), awsManaged: false };
      await raisesBoth("createPolicy (SCP)", () => f.store.organization.createPolicy(scp));
      await raisesBoth("updatePolicy (SCP)", () => f.store.organization.updatePolicy(policyId, { description: "d" }));
      await raisesBoth("attachPolicy (SCP)", () => f.store.organization.attachPolicy(policyId, a));
      await raisesBoth("detachPolicy (SCP)", () => f.store.organization.detachPolicy(policyId, a));
      await raisesBoth("deletePolicy (SCP)", () => f.store.organization.deletePolicy(policyId));
      const managed = await f.policy("aws");
      await raisesBoth("a new version of an AWS-managed policy", () => f.store.iam.createPolicyVersion(managed.arn, doc("x:Y"), true, new Date()));
    });
  });
}
