import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import * as IAM from "@aws-sdk/client-iam";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/protocol-http";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Principal, RequestContext } from "../../kernel/index.js";
import { requestedArn } from "../../service/iam/index.js";
import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { IAM_OPERATION_NAMES, iamOperations } from "./index.js";
import { IAM_QUERY, iamProtocol } from "./protocol.js";

/**
 * The real @aws-sdk/client-iam on both sides of the codecs, with no network: a request handler
 * decodes what the SDK serialized exactly as the server does, and answers with what our
 * encoders write, which the SDK's own deserializer must accept.
 */
const ACCOUNT = "123456789012";
const principal: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/administrator`, userId: "AIDAAAAAAAAAAAAAAAAA", userName: "administrator", accessKeyId: "AKIDEXAMPLE" };
const ctx = { requestId: "req-1", principal, region: "eu-west-2" } as RequestContext;
/**
 * The resolve step's lookups, answering as for names that find nothing (so the request is
 * authorised on the ARN its name gives); the use cases are never called.
 */
const absent = (type: string, arn: string) => Promise.resolve({ type, arn, missing: "", tags: [] });
const targets = {
  user: (c: RequestContext, name?: string) => absent("user", name === undefined ? c.principal.arn : requestedArn(c.principal, "user", name)),
  group: (c: RequestContext, name: string) => absent("group", requestedArn(c.principal, "group", name)),
  role: (c: RequestContext, name: string) => absent("role", requestedArn(c.principal, "role", name)),
  holder: (c: RequestContext, kind: "user" | "group" | "role", name: string) => absent(kind, requestedArn(c.principal, kind, name)),
  policySource: (_c: RequestContext, arn: string) => absent("user", arn),
  policy: (_c: RequestContext, arn: string) => absent("policy", arn),
  mfaDevice: (_c: RequestContext, serial: string) => absent("mfa", serial),
  accessKey: (c: RequestContext) => absent("user", c.principal.arn),
};
const ops = new Map(iamOperations({ targets } as unknown as IamService).map((op) => [op.name, op]));
const created = new Date("2025-06-01T12:00:00.000Z");

interface Exchange { op: Operation; input: unknown; resource: string }

/** An SDK client whose every request is decoded by our operation and answered with `output`. */
function client(output: unknown): { sdk: IAM.IAMClient; seen: Exchange[] } {
  const seen: Exchange[] = [];
  const sdk = new IAM.IAMClient({
    region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        const body = Buffer.from(String(request.body ?? ""));
        const action = new URLSearchParams(body.toString()).get("Action")!;
        const op = ops.get(action);
        assert.ok(op, `no operation for ${action}`);
        const input = op.decode({ params: {}, query: new URLSearchParams(), header: () => undefined, body });
        seen.push({ op, input, resource: op.resource(op.resolve ? await op.resolve(input, ctx) : input, ctx) });
        const reply = op.encode(output, ctx);
        assert.equal(reply.kind, "bytes");
        return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(reply.kind === "bytes" ? reply.body : "")]) }) };
      },
    },
  });
  return { sdk, seen };
}

const user = { userId: "AIDABBBBBBBBBBBBBBBB", accountId: ACCOUNT, userName: "alice", path: "/eng/", arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`, createdAt: created };
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }] });

describe("the IAM surface", () => {
  it("declares exactly the operations it serves, each an SDK command, authorised as iam:<Action> and signed for iam", () => {
    assert.deepEqual([...ops.keys()].sort(), [...IAM_OPERATION_NAMES].sort());
    for (const op of ops.values()) {
      assert.ok(`${op.name}Command` in IAM, `${op.name} is an operation of @aws-sdk/client-iam`);
      assert.equal(op.action, `iam:${op.name}`);
      assert.deepEqual([op.method, op.path, op.signingService, op.target], ["POST", "/", "iam", op.name]);
    }
  });
});

describe("@aws-sdk/client-iam requests decode to the inputs the use cases take", () => {
  it("CreateUser with path, boundary and tags; the result parses back with boundary and tags", async () => {
    const { sdk, seen } = client({ ...user, permissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", tags: [{ key: "team", value: "ml & ai <3" }] });
    const out = await sdk.send(new IAM.CreateUserCommand({ UserName: "alice", Path: "/eng/", PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess", Tags: [{ Key: "team", Value: "ml & ai <3" }] }));
    assert.deepEqual(seen[0]!.input, { userName: "alice", path: "/eng/", permissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess", tags: [{ key: "team", value: "ml & ai <3" }] });
    assert.equal(seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    assert.equal(seen[0]!.op.action, "iam:CreateUser");
    assert.deepEqual(seen[0]!.op.conditions?.(seen[0]!.input, ctx), new Map<string, unknown>([
      ["aws:RequestTag/team", "ml & ai <3"], ["aws:TagKeys", ["team"]], ["iam:PermissionsBoundary", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
    ]));
    assert.deepEqual(out.User, {
      Path: "/eng/", UserName: "alice", UserId: user.userId, Arn: user.arn, CreateDate: created,
      PermissionsBoundary: { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      Tags: [{ Key: "team", Value: "ml & ai <3" }],
    });
  });

  it("GetUser without a name is authorised on the caller; ListUsers on * with its page", async () => {
    const a = client(user);
    await a.sdk.send(new IAM.GetUserCommand({}));
    assert.deepEqual(a.seen[0]!.input, { userName: undefined });
    assert.equal(a.seen[0]!.resource, principal.arn);
    const b = client({ items: [user], isTruncated: true, marker: "bmV4dA" });
    const out = await b.sdk.send(new IAM.ListUsersCommand({ PathPrefix: "/eng/", MaxItems: 1, Marker: "c3RhcnQ" }));
    assert.deepEqual(b.seen[0]!.input, { pathPrefix: "/eng/", marker: "c3RhcnQ", maxItems: 1 });
    assert.equal(b.seen[0]!.resource, "*");
    assert.deepEqual([out.Users?.[0]?.UserName, out.IsTruncated, out.Marker], ["alice", true, "bmV4dA"]);
  });

  it("an empty list arrives as `Tags=` and decodes to no tags", async () => {
    const { sdk, seen } = client({ ...user, tags: undefined });
    await sdk.send(new IAM.CreateUserCommand({ UserName: "alice", Tags: [] }));
    assert.deepEqual((seen[0]!.input as { tags: unknown }).tags, []);
  });

  it("CreateRole and GetRole: the trust policy comes back URL-encoded, as IAM sends it", async () => {
    const role = {
      roleId: "AROACCCCCCCCCCCCCCCC", accountId: ACCOUNT, roleName: "r", path: "/", arn: `arn:aws:iam::${ACCOUNT}:role/r`, description: "d",
      trustPolicy: trust, maxSessionDurationSeconds: 7200, permissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", createdAt: created, tags: [{ key: "k", value: "v" }],
    };
    const { sdk, seen } = client(role);
    const out = await sdk.send(new IAM.CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: trust, Description: "d", MaxSessionDuration: 7200, Tags: [{ Key: "k", Value: "v" }] }));
    assert.deepEqual(seen[0]!.input, { roleName: "r", path: undefined, assumeRolePolicyDocument: trust, description: "d", maxSessionDuration: 7200, permissionsBoundary: undefined, tags: [{ key: "k", value: "v" }] });
    assert.equal(decodeURIComponent(out.Role!.AssumeRolePolicyDocument!), trust);
    assert.equal(out.Role!.MaxSessionDuration, 7200);
    assert.equal(out.Role!.PermissionsBoundary?.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  it("CreateAccessKey answers the secret; GetAccessKeyLastUsed says N/A before any use", async () => {
    const a = client({ userName: "alice", accessKeyId: "AKIAXXXXXXXXXXXXXXXX", status: "Active", createdAt: created, secretAccessKey: sensitive("s3cr3t/+=") });
    const key = await a.sdk.send(new IAM.CreateAccessKeyCommand({ UserName: "alice" }));
    assert.deepEqual(key.AccessKey, { UserName: "alice", AccessKeyId: "AKIAXXXXXXXXXXXXXXXX", Status: "Active", SecretAccessKey: "s3cr3t/+=", CreateDate: created });
    const b = client({ userName: "alice" });
    const last = await b.sdk.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAXXXXXXXXXXXXXXXX" }));
    assert.deepEqual(last.AccessKeyLastUsed, { ServiceName: "N/A", Region: "N/A" });
    assert.equal(b.seen[0]!.resource, principal.arn);
  });

  it("Put/GetUserPolicy: the document travels as written and returns URL-encoded", async () => {
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*","Condition":{"StringLike":{"aws:UserAgent":"a&b=c %"}}}]}';
    const a = client(undefined);
    await a.sdk.send(new IAM.PutGroupPolicyCommand({ GroupName: "g", PolicyName: "p", PolicyDocument: doc }));
    assert.deepEqual(a.seen[0]!.input, { entityName: "g", policyName: "p", policyDocument: doc });
    assert.equal(a.seen[0]!.op.action, "iam:PutGroupPolicy");
    assert.equal(a.seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:group/g`);
    const b = client({ entityName: "g", policyName: "p", document: doc });
    const got = await b.sdk.send(new IAM.GetGroupPolicyCommand({ GroupName: "g", PolicyName: "p" }));
    assert.deepEqual([got.GroupName, got.PolicyName, decodeURIComponent(got.PolicyDocument!)], ["g", "p", doc]);
  });

  it("managed policies and versions parse with every member", async () => {
    const policy = { policyId: "ANPADDDDDDDDDDDDDDDD", accountId: ACCOUNT, policyName: "P", path: "/", arn: `arn:aws:iam::${ACCOUNT}:policy/P`, description: "d", defaultVersionId: "v2", attachmentCount: 3, createdAt: created, updatedAt: created };
    const a = client({ items: [policy], isTruncated: false });
    const list = await a.sdk.send(new IAM.ListPoliciesCommand({ Scope: "Local", OnlyAttached: true, PolicyUsageFilter: "PermissionsPolicy" }));
    assert.deepEqual(a.seen[0]!.input, { scope: "Local", onlyAttached: true, pathPrefix: undefined, policyUsageFilter: "PermissionsPolicy", marker: undefined, maxItems: undefined });
    assert.deepEqual(list.Policies?.[0], { PolicyName: "P", PolicyId: policy.policyId, Arn: policy.arn, Path: "/", DefaultVersionId: "v2", AttachmentCount: 3, IsAttachable: true, Description: "d", CreateDate: created, UpdateDate: created });
    const b = client({ policyArn: policy.arn, versionId: "v2", document: '{"a":"b c"}', isDefault: true, createdAt: created });
    const version = await b.sdk.send(new IAM.GetPolicyVersionCommand({ PolicyArn: policy.arn, VersionId: "v2" }));
    assert.equal(b.seen[0]!.resource, policy.arn);
    assert.deepEqual(version.PolicyVersion, { Document: encodeURIComponent('{"a":"b c"}'), VersionId: "v2", IsDefaultVersion: true, CreateDate: created });
    const c = client({ policyArn: policy.arn, versionId: "v3", document: "{}", isDefault: false, createdAt: created });
    await c.sdk.send(new IAM.CreatePolicyVersionCommand({ PolicyArn: policy.arn, PolicyDocument: "{}", SetAsDefault: true }));
    assert.deepEqual(c.seen[0]!.input, { policyArn: policy.arn, policyDocument: "{}", setAsDefault: true });
  });

  it("ListEntitiesForPolicy: three lists", async () => {
    const { sdk } = client({ groups: [{ kind: "group", id: "AGPAX", name: "g", path: "/" }], users: [], roles: [{ kind: "role", id: "AROAX", name: "r", path: "/" }], isTruncated: false });
    const out = await sdk.send(new IAM.ListEntitiesForPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/P` }));
    assert.deepEqual([out.PolicyGroups, out.PolicyUsers, out.PolicyRoles], [[{ GroupName: "g", GroupId: "AGPAX" }], [], [{ RoleName: "r", RoleId: "AROAX" }]]);
  });

  it("CreateVirtualMFADevice: the seed is a blob holding the base32 text; EnableMFADevice's codes", async () => {
    const a = client({ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/phone`, base32StringSeed: sensitive("JBSWY3DPEHPK3PXP") });
    const out = await a.sdk.send(new IAM.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "phone" }));
    assert.equal(Buffer.from(out.VirtualMFADevice!.Base32StringSeed!).toString("utf8"), "JBSWY3DPEHPK3PXP");
    assert.equal(a.seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:mfa/phone`);
    const b = client(undefined);
    await b.sdk.send(new IAM.EnableMFADeviceCommand({ UserName: "alice", SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/phone`, AuthenticationCode1: "012345", AuthenticationCode2: "678901" }));
    assert.deepEqual(b.seen[0]!.input, { userName: "alice", serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/phone`, authenticationCode1: "012345", authenticationCode2: "678901" });
  });

  it("SimulatePrincipalPolicy: context entries in, evaluation results with positions out", async () => {
    const result = {
      evalActionName: "bedrock:InvokeModel", evalResourceName: "*", evalDecision: "explicitDeny",
      matchedStatements: [{ sourcePolicyId: "deny-all", sourcePolicyType: "user", startPosition: { line: 1, column: 40 }, endPosition: { line: 1, column: 90 } }],
      missingContextValues: ["aws:SourceIp"], allowedByPermissionsBoundary: true,
    };
    const { sdk, seen } = client({ items: [result], isTruncated: false });
    const out = await sdk.send(new IAM.SimulatePrincipalPolicyCommand({
      PolicySourceArn: user.arn, ActionNames: ["bedrock:InvokeModel"], ResourceArns: ["*"],
      ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: ["10.0.0.1", "10.0.0.2"], ContextKeyType: "ipList" }],
      PolicyExclusionList: [{ PolicyType: "aws-managed" }],
    }));
    const input = seen[0]!.input as Record<string, unknown>;
    assert.equal(seen[0]!.resource, user.arn);
    assert.deepEqual(input["contextEntries"], [{ contextKeyName: "aws:SourceIp", contextKeyValues: ["10.0.0.1", "10.0.0.2"], contextKeyType: "ipList" }]);
    assert.deepEqual(input["policyExclusionList"], [{ policyType: "aws-managed", policyArn: undefined }]);
    assert.deepEqual(out.EvaluationResults, [{
      EvalActionName: "bedrock:InvokeModel", EvalResourceName: "*", EvalDecision: "explicitDeny",
      MatchedStatements: [{ SourcePolicyId: "deny-all", SourcePolicyType: "user", StartPosition: { Line: 1, Column: 40 }, EndPosition: { Line: 1, Column: 90 } }],
      MissingContextValues: ["aws:SourceIp"], PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
    }]);
  });

  it("SimulateCustomPolicy: SCP levels", async () => {
    const { sdk, seen } = client({ items: [], isTruncated: false });
    await sdk.send(new IAM.SimulateCustomPolicyCommand({ PolicyInputList: ["{}"], ActionNames: ["a:b"], OrderedOrganizationPolicyInputList: [{ ServiceControlPolicyInputList: ["{}", "{ }"] }] }));
    assert.deepEqual((seen[0]!.input as Record<string, unknown>)["organizationPolicyLevels"], [["{}", "{ }"]]);
  });
});

describe("IAM's errors as the SDK reads them", () => {
  async function thrown(fault: Fault): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
    const reply = iamProtocol.error(fault, "req-e");
    const sdk = new IAM.IAMClient({
      region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: { handle: async () => ({ response: new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) }) }) },
    });
    return sdk.send(new IAM.GetUserCommand({ UserName: "x" })).then(() => assert.fail("expected an error"), (e: Error) => e);
  }

  it("each fault kind arrives as the SDK's modelled exception, with its message", async () => {
    const cases: [Fault, new (...args: never[]) => Error, number][] = [
      [new Fault("not-found", "The user with name x cannot be found."), IAM.NoSuchEntityException, 404],
      [new Fault("already-exists", "User with name x already exists."), IAM.EntityAlreadyExistsException, 409],
      [new Fault("in-use", "Cannot delete entity, must delete access keys first."), IAM.DeleteConflictException, 409],
      [new Fault("service-quota-exceeded", "Cannot exceed quota for AccessKeysPerUser: 2"), IAM.LimitExceededException, 409],
      [new Fault("malformed-policy", "Statement[0].Effect: required"), IAM.MalformedPolicyDocumentException, 400],
      [new Fault("validation", "Duplicate tag keys found."), IAM.InvalidInputException, 400],
      [new Fault("access-denied", "Authentication code for device is not valid.", { code: "InvalidAuthenticationCode" }), IAM.InvalidAuthenticationCodeException, 403],
      [new Fault("internal", "An internal error occurred."), IAM.ServiceFailureException, 500],
    ];
    for (const [fault, type, status] of cases) {
      const error = await thrown(fault);
      assert.ok(error instanceof type, `${fault.kind} -> ${error.name}`);
      assert.equal(error.message, fault.message);
      assert.equal(error.$metadata?.httpStatusCode, status);
    }
  });

  it("ValidationError, which IAM's model does not list, still arrives by name", async () => {
    const error = await thrown(new Fault("validation", "1 validation error detected: Value at 'userName' failed to satisfy constraint: x", { field: "userName", code: "ValidationError" }));
    assert.equal(error.name, "ValidationError");
    assert.match(error.message, /'userName'/);
  });
});

describe("literal form bodies", () => {
  const decode = (name: string, body: string) => ops.get(name)!.decode({ params: {}, query: new URLSearchParams(), header: () => undefined, body: Buffer.from(body) });
  const fault = (call: () => unknown) => { try { call(); } catch (e) { return e as { kind: string; detail: { code?: string; field?: string } }; } assert.fail("expected a fault"); };

  it("members are read by name; unknown members are ignored", () => {
    assert.deepEqual(decode("AddUserToGroup", "Action=AddUserToGroup&Version=2010-05-08&GroupName=g&UserName=u&Unknown=x"), { groupName: "g", userName: "u" });
    assert.deepEqual(decode("UntagRole", "Action=UntagRole&RoleName=r&TagKeys.member.1=a&TagKeys.member.2=b"), { roleName: "r", tagKeys: ["a", "b"] });
  });

  it("a missing required member, a bad integer or boolean, and a wrong API version are ValidationErrors naming the member", () => {
    assert.deepEqual(fault(() => decode("DeleteUser", "Action=DeleteUser")).detail, { field: "userName", code: "ValidationError" });
    assert.equal(fault(() => decode("ListUsers", "Action=ListUsers&MaxItems=ten")).detail.field, "maxItems");
    assert.equal(fault(() => decode("ListPolicies", "Action=ListPolicies&OnlyAttached=yes")).detail.field, "onlyAttached");
    assert.equal(fault(() => decode("ListUsers", "Action=ListUsers&Version=2011-01-01")).detail.field, "version");
    assert.equal(fault(() => decode("TagUser", "Action=TagUser&UserName=u&Tags.member.1.Key=k")).detail.field, "tags.1.member.value");
    assert.equal(fault(() => decode("UntagUser", "Action=UntagUser&UserName=u&TagKeys.member.1.X=a")).detail.field, "tagKeys.1.member");
  });

  it("errors are IAM's <ErrorResponse> with the code IAM's model names", () => {
    const reply = iamProtocol.error(fault(() => decode("DeleteUser", "Action=DeleteUser")) as never, "req-9");
    assert.equal(reply.status, 400);
    assert.match(reply.body, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code>/);
    assert.equal(IAM_QUERY.codes["in-use"]?.code, "DeleteConflict");
  });
});
