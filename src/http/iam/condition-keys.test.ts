import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Principal, RequestContext } from "../../kernel/index.js";
import type { IamService, Target } from "../../service/iam/index.js";
import { IAM_CONDITION_KEYS } from "./condition-keys.js";
import { iamOperations } from "./index.js";

/**
 * Each IAM operation supplies exactly the condition keys condition-keys.ts declares for its
 * action, given an entity that has tags and a boundary and a request that carries every member a
 * condition can read: declared and never supplied would be the silent gap the table exists to
 * close; supplied and not declared would be a key AWS does not give.
 */
const ACCOUNT = "123456789012";
const principal: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`, userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIDEXAMPLE" };
const ctx = { requestId: "r", principal, region: "eu-west-2" } as RequestContext;
const tagged = (type: string, arn: string): Promise<Target<unknown>> =>
  Promise.resolve({ type, arn, entity: {}, missing: "", tags: [{ key: "protected", value: "true" }], permissionsBoundary: "arn:aws:iam::aws:policy/Current" } as Target<unknown>);
const targets = {
  user: () => tagged("user", `arn:aws:iam::${ACCOUNT}:user/ops/bob`),
  group: () => tagged("group", `arn:aws:iam::${ACCOUNT}:group/g`),
  role: () => tagged("role", `arn:aws:iam::${ACCOUNT}:role/r`),
  holder: (_c: RequestContext, kind: string) => tagged(kind, `arn:aws:iam::${ACCOUNT}:${kind}/x`),
  policySource: () => tagged("user", `arn:aws:iam::${ACCOUNT}:user/ops/bob`),
  policy: () => tagged("policy", `arn:aws:iam::${ACCOUNT}:policy/p`),
  mfaDevice: () => tagged("mfa", `arn:aws:iam::${ACCOUNT}:mfa/d`),
  accessKey: () => tagged("user", `arn:aws:iam::${ACCOUNT}:user/ops/bob`),
};
/** Every member any IAM operation's `request` reads. */
const input = {
  userName: "bob", groupName: "g", roleName: "r", entityName: "x", path: "/", policyName: "p",
  policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", permissionsBoundary: "arn:aws:iam::aws:policy/New",
  tags: [{ key: "team", value: "ml" }], tagKeys: ["team"], serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/d`,
  accessKeyId: "AKIAAAAAAAAAAAAAAAAA", policySourceArn: `arn:aws:iam::${ACCOUNT}:user/ops/bob`, virtualMfaDeviceName: "d",
  serviceName: "bedrock.amazonaws.com", credentialAgeDays: 30,
};
const family = (key: string): string => key.replace(/^(aws:ResourceTag|iam:ResourceTag|aws:RequestTag)\/.*$/, "$1/${TagKey}").toLowerCase();

describe("each IAM operation supplies the keys it declares", () => {
  for (const op of iamOperations({ targets } as unknown as IamService)) {
    it(op.action, async () => {
      const resolved = op.resolve ? await op.resolve(input, ctx) : input;
      const supplied = new Set([...(op.conditions?.(resolved, ctx)?.keys() ?? [])].map(family));
      const declared = new Set(IAM_CONDITION_KEYS[op.action]!.supplied.map((k) => k.toLowerCase()));
      assert.deepEqual([...supplied].sort(), [...declared].sort());
    });
  }

  it("the values: the entity's tags and boundary, the request's tags, the boundary it sets, the policy it attaches", async () => {
    const ops = new Map(iamOperations({ targets } as unknown as IamService).map((op) => [op.name, op]));
    const keysOf = async (name: string) => {
      const op = ops.get(name)!;
      return op.conditions?.(op.resolve ? await op.resolve(input, ctx) : input, ctx);
    };
    assert.deepEqual(await keysOf("AttachUserPolicy"), new Map<string, unknown>([
      ["aws:ResourceTag/protected", "true"], ["iam:ResourceTag/protected", "true"],
      ["iam:PermissionsBoundary", "arn:aws:iam::aws:policy/Current"], ["iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess"],
    ]));
    assert.equal((await keysOf("PutUserPermissionsBoundary"))?.get("iam:PermissionsBoundary"), "arn:aws:iam::aws:policy/New", "the boundary being set");
    assert.equal((await keysOf("DeleteUserPermissionsBoundary"))?.get("iam:PermissionsBoundary"), "arn:aws:iam::aws:policy/Current", "the boundary being removed");
    assert.deepEqual((await keysOf("TagUser"))?.get("aws:TagKeys"), ["team"]);
  });
});
