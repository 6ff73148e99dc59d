import { it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/store/index.js";
import { contractSuite, doc, newId, rejectsWith } from "./iam-fixtures.js";

/** `policiesForUser` / `policiesForRole`: everything authorisation needs, read at once. */
export function iamAuthorizationContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: IAM policies for a principal`, open, (f) => {
    it("a user's policies: its own, its groups', attached ones at their default version, its boundary and its tags", async () => {
      const a = await f.account();
      const u = await f.user(a, { userName: "ana" });
      const g = await f.group(a, { groupName: "ml" });
      const other = await f.group(a, { groupName: "unrelated" });
      await f.store.iam.addUserToGroup(g.groupId, u.userId);
      const own = await f.policy(a, doc("bedrock:InvokeModel"), { policyName: "own" });
      const shared = await f.policy(a, doc("bedrock:Converse"), { policyName: "shared" });
      const boundary = await f.policy(a, doc("bedrock:*"), { policyName: "cap" });
      await f.store.iam.createPolicyVersion(own.arn, doc("bedrock:ListFoundationModels"), true, new Date());
      await f.store.iam.createPolicyVersion(shared.arn, doc("never:Default"), false, new Date());
      await f.store.iam.putInlinePolicy({ kind: "user", entityId: u.userId, policyName: "mine", document: doc("a:A") });
      await f.store.iam.putInlinePolicy({ kind: "group", entityId: g.groupId, policyName: "team", document: doc("b:B") });
      await f.store.iam.putInlinePolicy({ kind: "group", entityId: other.groupId, policyName: "theirs", document: doc("c:C") });
      await f.store.iam.attachPolicy("user", u.userId, own.arn);
      await f.store.iam.attachPolicy("user", u.userId, shared.arn);
      await f.store.iam.attachPolicy("group", g.groupId, shared.arn);
      await f.store.iam.attachPolicy("group", other.groupId, boundary.arn);
      await f.store.iam.setPermissionsBoundary("user", u.userId, boundary.arn);
      await f.store.iam.tagResource(u.arn, [{ key: "team", value: "ml" }, { key: "Cost", value: "42" }]);

      const policies = await f.store.iam.policiesForUser(u.userId);
      assert.deepEqual(policies, {
        identity: [
          { label: "user/ana:inline/mine", document: doc("a:A") },
          { label: own.arn, document: doc("bedrock:ListFoundationModels") },
          { label: shared.arn, document: doc("bedrock:Converse") },
          { label: "group/ml:inline/team", document: doc("b:B") },
        ],
        boundary: { label: boundary.arn, document: doc("bedrock:*") },
        tags: [{ key: "Cost", value: "42" }, { key: "team", value: "ml" }],
      });
    });

    it("a bare user has no policies, no boundary and no tags; a missing one is a not-found fault", async () => {
      const u = await f.user(await f.account());
      assert.deepEqual(await f.store.iam.policiesForUser(u.userId), { identity: [], tags: [] });
      await rejectsWith(f.store.iam.policiesForUser(newId("AIDA")), "not-found");
    });

    it("a change of default version shows in the next read", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const p = await f.policy(a, doc("x:One"));
      await f.store.iam.attachPolicy("user", u.userId, p.arn);
      await f.store.iam.createPolicyVersion(p.arn, doc("x:Two"), false, new Date());
      assert.equal((await f.store.iam.policiesForUser(u.userId)).identity[0]?.document, doc("x:One"));
      await f.store.iam.setDefaultPolicyVersion(p.arn, "v2", new Date());
      assert.equal((await f.store.iam.policiesForUser(u.userId)).identity[0]?.document, doc("x:Two"));
    });

    it("a role's policies: inline, attached at their default version, its boundary and its tags", async () => {
      const a = await f.account();
      const boundary = await f.policy(a, doc("bedrock:*"));
      const r = await f.role(a, { roleName: "runner", permissionsBoundaryArn: boundary.arn });
      const p = await f.policy(a, doc("bedrock:InvokeModel"));
      const managed = await f.policy("aws", doc("bedrock:Get*"), { policyName: `Managed${newId("ANPA")}` });
      await f.store.iam.attachPolicy("role", r.roleId, p.arn);
      await f.store.iam.attachPolicy("role", r.roleId, managed.arn);
      await f.store.iam.putInlinePolicy({ kind: "role", entityId: r.roleId, policyName: "extra", document: doc("s3:GetObject") });
      await f.store.iam.tagResource(r.arn, [{ key: "env", value: "prod" }]);
      const attached = [{ label: p.arn, document: doc("bedrock:InvokeModel") }, { label: managed.arn, document: doc("bedrock:Get*") }]
        .sort((x, y) => (x.label < y.label ? -1 : 1));
      assert.deepEqual(await f.store.iam.policiesForRole(r.roleId), {
        identity: [{ label: "role/runner:inline/extra", document: doc("s3:GetObject") }, ...attached],
        boundary: { label: boundary.arn, document: doc("bedrock:*") },
        tags: [{ key: "env", value: "prod" }],
      });
      await rejectsWith(f.store.iam.policiesForRole(newId("AROA")), "not-found");
    });
  });
}
