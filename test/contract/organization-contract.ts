import { it } from "node:test";
import assert from "node:assert/strict";
import type { ServiceControlPolicyRecord, Store } from "../../src/store/index.js";
import { contractSuite, doc, newAccountId, randomAlnum, randomName, rejectsWith } from "./iam-fixtures.js";

/** The organisation, its service control policies, and resource-based policies. */
export function organizationContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: organisation and resource policies`, open, (f) => {
    const scp = (extra: Partial<ServiceControlPolicyRecord> = {}): ServiceControlPolicyRecord => {
      const policyId = extra.policyId ?? `p-${randomAlnum(8).toLowerCase()}`;
      return {
        policyId, arn: `arn:aws:organizations::111111111111:policy/o-aaaaaaaaaa/service_control_policy/${policyId}`,
        name: randomName("scp"), description: "", document: doc("bedrock:*"), awsManaged: false, ...extra,
      };
    };

    it("one organisation per database, led by the management account", async () => {
      const org = await f.organization();
      assert.deepEqual(await f.store.organization.getOrganization(), org);
      const second = { ...org, organizationId: "o-bbbbbbbbbb", rootId: "r-bbbb" };
      await rejectsWith(f.store.organization.createOrganization(second), "conflict");
      await rejectsWith(f.store.organization.createOrganization({ ...second, managementAccountId: await f.account() }), "validation");
      await rejectsWith(f.store.organization.createOrganization({ ...second, managementAccountId: newAccountId() }), "not-found");
      assert.equal((await rejectsWith(f.store.organization.createOrganization({ ...second, organizationId: "o-X" }), "validation")).detail.field, "organizationId");
      assert.equal((await rejectsWith(f.store.organization.createOrganization({ ...second, rootId: "root" }), "validation")).detail.field, "rootId");
    });

    it("the organisation lists every account by id", async () => {
      const a = await f.account();
      const b = await f.account();
      const listed = (await f.store.organization.listAccounts()).map((x) => x.accountId);
      assert.ok(listed.includes(a) && listed.includes(b));
      assert.deepEqual(listed, [...listed].sort());
      assert.deepEqual((await f.store.organization.listAccounts()).find((x) => x.accountId === a), await f.store.identity.getAccount(a));
    });

    it("service control policies are created, read, listed by name, updated and deleted", async () => {
      await f.organization();
      const full = scp({ policyId: "p-FullAWSAccess", arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", name: "FullAWSAccess", awsManaged: true });
      if (!(await f.store.organization.getPolicy(full.policyId))) await f.store.organization.createPolicy(full);
      assert.deepEqual(await f.store.organization.getPolicy(full.policyId), full);
      const p = scp({ description: "deny a family" });
      await f.store.organization.createPolicy(p);
      assert.deepEqual(await f.store.organization.getPolicy(p.policyId), p);
      const names = (await f.store.organization.listPolicies()).map((x) => x.name);
      assert.ok(names.includes(p.name) && names.includes("FullAWSAccess"));
      assert.deepEqual(names, [...names].sort());
      await f.store.organization.updatePolicy(p.policyId, { description: "changed", document: doc("bedrock:InvokeModel") });
      assert.deepEqual(await f.store.organization.getPolicy(p.policyId), { ...p, description: "changed", document: doc("bedrock:InvokeModel") });
      await rejectsWith(f.store.organization.updatePolicy(p.policyId, { name: "FullAWSAccess" }), "conflict");
      await rejectsWith(f.store.organization.updatePolicy("p-missing00", { name: "x" }), "not-found");
      assert.equal(await f.store.organization.deletePolicy(p.policyId), true);
      assert.equal(await f.store.organization.deletePolicy(p.policyId), false);
      assert.equal(await f.store.organization.getPolicy(p.policyId), undefined);
    });

    it("service control policies are checked: unique id and name, well-formed id and ARN", async () => {
      await f.organization();
      const p = scp();
      await f.store.organization.createPolicy(p);
      await rejectsWith(f.store.organization.createPolicy({ ...scp(), name: p.name }), "conflict");
      await rejectsWith(f.store.organization.createPolicy({ ...p, name: randomName("other") }), "conflict");
      assert.equal((await rejectsWith(f.store.organization.createPolicy(scp({ policyId: "p-1" })), "validation")).detail.field, "policyId");
      assert.equal((await rejectsWith(f.store.organization.createPolicy({ ...scp(), arn: "arn:aws:iam::1:policy/x" }), "validation")).detail.field, "arn");
      assert.equal((await rejectsWith(f.store.organization.createPolicy(scp({ name: "" })), "validation")).detail.field, "name");
    });

    it("service control policies attach to the root or an account, at most five per target", async () => {
      const org = await f.organization();
      const a = await f.account();
      const p = scp();
      await f.store.organization.createPolicy(p);
      await f.store.organization.attachPolicy(p.policyId, org.rootId);
      await f.store.organization.attachPolicy(p.policyId, a);
      await rejectsWith(f.store.organization.attachPolicy(p.policyId, a), "conflict");
      assert.deepEqual(await f.store.organization.listTargetsForPolicy(p.policyId), [a, org.rootId].sort());
      assert.deepEqual(await f.store.organization.listPoliciesForTarget(a), [p]);
      await rejectsWith(f.store.organization.deletePolicy(p.policyId), "conflict");
      await rejectsWith(f.store.organization.attachPolicy("p-missing00", a), "not-found");
      await rejectsWith(f.store.organization.attachPolicy(p.policyId, newAccountId()), "not-found");
      await rejectsWith(f.store.organization.attachPolicy(p.policyId, "r-zzzzzzzz"), "not-found");
      assert.equal((await rejectsWith(f.store.organization.attachPolicy(p.policyId, "ou-1234"), "validation")).detail.field, "targetId");
      for (let i = 0; i < 4; i++) {
        const more = scp();
        await f.store.organization.createPolicy(more);
        await f.store.organization.attachPolicy(more.policyId, a);
      }
      const sixth = scp();
      await f.store.organization.createPolicy(sixth);
      await rejectsWith(f.store.organization.attachPolicy(sixth.policyId, a), "service-quota-exceeded");
      assert.equal(await f.store.organization.detachPolicy(p.policyId, a), true);
      assert.equal(await f.store.organization.detachPolicy(p.policyId, a), false);
      assert.equal(await f.store.organization.detachPolicy(p.policyId, org.rootId), true);
      assert.equal(await f.store.organization.deletePolicy(p.policyId), true);
      assert.deepEqual(await f.store.organization.listTargetsForPolicy(p.policyId), []);
    });

    it("a resource policy is put, replaced, read and deleted, in the account its ARN names", async () => {
      const a = await f.account();
      const arn = `arn:aws:bedrock:us-east-1:${a}:custom-model/${randomAlnum(12).toLowerCase()}`;
      assert.equal(await f.store.resourcePolicies.get(arn), undefined);
      await f.store.resourcePolicies.put(arn, a, doc("bedrock:InvokeModel"));
      await f.store.resourcePolicies.put(arn, a, doc("bedrock:GetCustomModel"));
      assert.equal(await f.store.resourcePolicies.get(arn), doc("bedrock:GetCustomModel"));
      assert.equal(await f.store.resourcePolicies.delete(arn), true);
      assert.equal(await f.store.resourcePolicies.delete(arn), false);
      assert.equal(await f.store.resourcePolicies.get(arn), undefined);
    });

    it("a resource policy needs an ARN of an existing account and a document", async () => {
      const a = await f.account();
      const missing = newAccountId();
      await rejectsWith(f.store.resourcePolicies.put(`arn:aws:bedrock:us-east-1:${missing}:custom-model/x`, missing, doc()), "not-found");
      assert.equal((await rejectsWith(f.store.resourcePolicies.put(`arn:aws:bedrock:us-east-1:${newAccountId()}:custom-model/x`, a, doc()), "validation")).detail.field, "resourceArn");
      assert.equal((await rejectsWith(f.store.resourcePolicies.put("custom-model/x", a, doc()), "validation")).detail.field, "resourceArn");
      assert.equal((await rejectsWith(f.store.resourcePolicies.put(`arn:aws:bedrock:us-east-1:${a}:custom-model/x`, a, ""), "validation")).detail.field, "document");
    });
  });
}
