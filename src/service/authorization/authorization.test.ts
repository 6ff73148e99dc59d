import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { Clock, Principal, RequestContext } from "../../kernel/index.js";
import { loadIamCatalog } from "../../policy/index.js";
import { REQUEST_CONTEXT_KEYS, requestContextValues } from "./context-keys.js";
import { LazyContext } from "./lazy-context.js";
import { PolicyAuthorizer } from "./policy-authorizer.js";
import { statementLabel } from "../authorize.js";
import type { LabelledDocument, PolicySources } from "./ports.js";
import { PolicyChangeNotifier } from "../policy-changes.js";

const at = new Date("2026-11-24T12:00:00Z");
const user: Principal = { type: "IAMUser", accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIAAAAAAAAAAAAAAAAA" };
const roleSession: Principal = {
  type: "AssumedRole", accountId: "111122223333", arn: "arn:aws:sts::111122223333:assumed-role/analyst/s1", userId: "AROAAAAAAAAAAAAAAAAA:s1", userName: "s1",
  accessKeyId: "ASIAAAAAAAAAAAAAAAAA", roleArn: "arn:aws:iam::111122223333:role/analyst", roleId: "AROAAAAAAAAAAAAAAAAA",
  session: { issuedAt: new Date(at.getTime() - 600_000), expiresAt: new Date(at.getTime() + 3_000_000), mfaAuthenticatedAt: new Date(at.getTime() - 120_000), tags: [{ key: "team", value: "blue" }] },
};
const ctx = (principal: Principal, extra: Partial<RequestContext> = {}): RequestContext => ({
  requestId: "r", notes: {}, receivedAt: at, sourceIp: "203.0.113.7", secureTransport: true, region: "eu-west-2", listener: "default",
  userAgent: "aws-sdk-js/3", principal, signal: new AbortController().signal, ...extra,
});

describe("request context keys come from facts", () => {
  const cases: Array<[string, RequestContext, string, unknown]> = [
    ["aws:SourceIp from the edge", ctx(user), "aws:sourceip", "203.0.113.7"],
    ["no aws:SourceIp through a private endpoint", ctx(user, { sourceVpce: "vpce-0a1b2c3d", vpcSourceIp: "203.0.113.7" }), "aws:sourceip", undefined],
    ["aws:SourceVpce on a private listener", ctx(user, { sourceVpce: "vpce-0a1b2c3d", vpcSourceIp: "203.0.113.7" }), "aws:sourcevpce", "vpce-0a1b2c3d"],
    ["aws:VpcSourceIp on a private listener", ctx(user, { sourceVpce: "vpce-0a1b2c3d", vpcSourceIp: "203.0.113.7" }), "aws:vpcsourceip", "203.0.113.7"],
    ["aws:SecureTransport", ctx(user, { secureTransport: false }), "aws:securetransport", false],
    ["aws:CurrentTime is the server's receipt time", ctx(user), "aws:currenttime", "2026-11-24T12:00:00.000Z"],
    ["aws:EpochTime", ctx(user), "aws:epochtime", Math.floor(at.getTime() / 1000)],
    ["aws:RequestedRegion is the deployment's", ctx(user), "aws:requestedregion", "eu-west-2"],
    ["aws:username for IAM users", ctx(user), "aws:username", "alice"],
    ["no aws:username for role sessions", ctx(roleSession), "aws:username", undefined],
    ["aws:PrincipalArn of a role session is the role", ctx(roleSession), "aws:principalarn", "arn:aws:iam::111122223333:role/analyst"],
    ["no aws:MultiFactorAuthPresent for long-term keys", ctx(user), "aws:multifactorauthpresent", undefined],
    ["aws:MultiFactorAuthPresent for an MFA session", ctx(roleSession), "aws:multifactorauthpresent", true],
    ["aws:MultiFactorAuthAge in seconds", ctx(roleSession), "aws:multifactorauthage", 120],
    ["plinth:ClientCertSubject with mutual TLS", ctx(user, { clientCertificate: { subject: "CN=alice,O=Example", issuer: "CN=ca", fingerprint256: "AA", serialNumber: "01" } }), "plinth:clientcertsubject", "CN=alice,O=Example"],
  ];
  for (const [name, context, key, expected] of cases) {
    it(name, () => assert.deepEqual(requestContextValues(context, { tags: new Map() }, undefined).get(key), expected));
  }

  it("sets no key outside REQUEST_CONTEXT_KEYS, which validation reads as supplied everywhere", () => {
    const everywhere = REQUEST_CONTEXT_KEYS.map((k) => k.toLowerCase().replace("${tagkey}", ""));
    const contexts = [
      ctx(roleSession, { clientCertificate: { subject: "CN=a", issuer: "CN=ca", fingerprint256: "AA", serialNumber: "01" } }),
      ctx(user, { sourceVpce: "vpce-0a1b2c3d", vpcSourceIp: "203.0.113.7" }),
    ];
    for (const context of contexts) {
      for (const key of requestContextValues(context, { tags: new Map([["team", "red"]]), organizationId: "o-abcdefghij" }, undefined).keys()) {
        assert.ok(everywhere.some((k) => (k.endsWith("/") ? key.startsWith(k) : key === k)), `${key} is set but not declared`);
      }
    }
  });

  it("principal tags are keyed in lower case; an operation's own keys are added", () => {
    const values = requestContextValues(ctx(user), { tags: new Map([["Team", "red"]]), organizationId: "o-abcdefghij" }, new Map([["bedrock:GuardrailIdentifier", "arn:g"]]));
    assert.equal(values.get("aws:principaltag/team"), "red");
    assert.equal(values.get("aws:principalorgid"), "o-abcdefghij");
    assert.equal(values.get("bedrock:guardrailidentifier"), "arn:g");
  });
});

describe("the policy authorizer", () => {
  const doc = (actions: string[]): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action: actions, Resource: "*" }] });
  function world() {
    let now = at.getTime();
    const state = { counter: 1, reads: 0, identity: [{ label: "user/alice:inline/p", document: doc(["bedrock:ListFoundationModels"]) }] as LabelledDocument[], resource: undefined as LabelledDocument | undefined };
    const sources: PolicySources = {
      principalPolicies: async () => { state.reads++; return { identity: state.identity, tags: new Map([["team", "red"]]) }; },
      changeCounter: async () => state.counter,
      scpLevels: async () => [],
      resourcePolicy: async () => state.resource,
      organization: async () => ({ organizationId: "o-abcdefghij", managementAccountId: "111122223333" }),
    };
    const clock: Clock = { now: () => new Date(now) };
    const changes = new PolicyChangeNotifier();
    return { state, changes, authorizer: new PolicyAuthorizer(sources, clock, loadIamCatalog(), changes, 1000), advance: (ms: number) => { now += ms; } };
  }
  const denied = (e: unknown) => e instanceof Fault && e.kind === "access-denied";

  it("allows what the identity policy allows and names the statement", async () => {
    const { authorizer } = world();
    const result = await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    assert.deepEqual(result.statements.map(statementLabel), ["user/alice:inline/p#S"]);
  });

  it("refuses the rest with AWS's sentence", async () => {
    const { authorizer } = world();
    await assert.rejects(authorizer.authorize(ctx(user), "bedrock:InvokeModel", "arn:aws:bedrock:eu-west-2::foundation-model/m"), (e: unknown) =>
      denied(e) && /User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-2::foundation-model\/m because no identity-based policy allows/.test((e as Fault).message));
  });

  it("keeps compiled policies until the change counter moves, checking it at most once per interval", async () => {
    const { state, authorizer, advance } = world();
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    state.identity = [{ label: "user/alice:inline/p", document: doc(["bedrock:InvokeModel"]) }];
    state.counter = 2;
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    assert.equal(state.reads, 1, "within the interval the cached policies answer");
    advance(1001);
    await assert.rejects(authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*"), denied);
    assert.equal(state.reads, 2, "a moved counter reloads");
    await authorizer.authorize(ctx(user), "bedrock:InvokeModel", "arn:aws:bedrock:eu-west-2::foundation-model/m");
  });

  it("a change announced on this node applies to the very next decision, without waiting for the recheck", async () => {
    const { state, authorizer, changes } = world();
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    state.identity = [{ label: "user/alice:inline/p", document: doc(["bedrock:InvokeModel"]) }];
    state.counter = 2;
    changes.notify({ scope: "account", accountId: "999999999999" });
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    assert.equal(state.reads, 1, "another account's change leaves this one's policies cached");
    changes.notify({ scope: "account", accountId: user.accountId });
    await assert.rejects(authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*"), denied);
    assert.equal(state.reads, 2);
    state.identity = [{ label: "user/alice:inline/p", document: doc(["bedrock:ListFoundationModels"]) }];
    changes.notify({ scope: "organization" });
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    assert.equal(state.reads, 3, "an organisation change (SCPs) reloads every principal");
  });

  it("a load under way when a change is announced is not kept", async () => {
    const { state, authorizer, changes } = world();
    const first = authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    changes.notify({ scope: "account", accountId: user.accountId });
    await first;
    await authorizer.authorize(ctx(user), "bedrock:ListFoundationModels", "*");
    assert.equal(state.reads, 2);
  });

  it("weighs the resource's policy, and forgets it at once when told", async () => {
    const { state, authorizer, changes } = world();
    const model = "arn:aws:bedrock:eu-west-2::foundation-model/m";
    state.identity = [{ label: "p", document: doc(["bedrock:InvokeModel"]) }];
    await authorizer.authorize(ctx(user), "bedrock:InvokeModel", model);
    state.resource = { label: model, document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "bedrock:InvokeModel", Resource: model }] }) };
    await authorizer.authorize(ctx(user), "bedrock:InvokeModel", model);
    changes.notify({ scope: "resource", resourceArn: model });
    await assert.rejects(authorizer.authorize(ctx(user), "bedrock:InvokeModel", model), (e: unknown) => denied(e) && /explicit deny in a resource-based policy/.test((e as Fault).message));
  });

  it("GetSessionToken credentials without MFA may not call IAM, whatever the policies; with MFA they may", async () => {
    const { state, authorizer } = world();
    state.identity = [{ label: "p", document: doc(["iam:GetUser", "bedrock:ListFoundationModels"]) }];
    const session = { issuedAt: at, expiresAt: new Date(at.getTime() + 3_600_000) };
    const plain: Principal = { ...user, accessKeyId: "ASIABBBBBBBBBBBBBBBB", session };
    await assert.rejects(authorizer.authorize(ctx(plain), "iam:GetUser", user.arn), (e: unknown) => denied(e) && /require MFA/.test((e as Fault).message));
    await authorizer.authorize(ctx(plain), "bedrock:ListFoundationModels", "*");
    await authorizer.authorize(ctx({ ...plain, session: { ...session, mfaAuthenticatedAt: at } }), "iam:GetUser", user.arn);
  });

  it("the request context is built only when a statement reads it, and then in full", async () => {
    const { state, authorizer, changes } = world();
    const plain = await authorizer.callerFacts(ctx(user));
    assert.equal((plain.context as LazyContext).built, false, "not built before anything reads it");
    assert.deepEqual([...plain.context], [...requestContextValues(ctx(user), { tags: new Map([["team", "red"]]), organizationId: "o-abcdefghij" }, undefined)]);
    // A Deny whose condition reads a key: the key is there, so the Deny is not voided.
    state.identity = [{ label: "p", document: JSON.stringify({ Version: "2012-10-17", Statement: [
      { Sid: "A", Effect: "Allow", Action: "bedrock:*", Resource: "*" },
      { Sid: "D", Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, StringEquals: { "aws:PrincipalTag/team": "red" } } },
    ] }) }];
    state.counter = 2;
    changes.notify({ scope: "account", accountId: user.accountId });
    await assert.rejects(authorizer.authorize(ctx(user), "bedrock:InvokeModel", "*"), (e: unknown) => denied(e) && /explicit deny/.test((e as Fault).message));
    await authorizer.authorize(ctx(user, { sourceIp: "198.51.100.1" }), "bedrock:InvokeModel", "*");
    // A policy variable in a Resource reads the context too.
    state.identity = [{ label: "p", document: JSON.stringify({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::111122223333:user/${aws:username}" },
    ] }) }];
    state.counter = 3;
    changes.notify({ scope: "account", accountId: user.accountId });
    await authorizer.authorize(ctx(user), "iam:GetUser", user.arn);
    await assert.rejects(authorizer.authorize(ctx(user), "iam:GetUser", "arn:aws:iam::111122223333:user/bob"), denied);
  });

  it("a session policy narrows what the role allows", async () => {
    const { state, authorizer } = world();
    state.identity = [{ label: "role/analyst:inline/p", document: doc(["bedrock:*"]) }];
    const narrowed: Principal = { ...roleSession, session: { ...roleSession.session!, policies: [doc(["bedrock:ListFoundationModels"])] } };
    await authorizer.authorize(ctx(narrowed), "bedrock:ListFoundationModels", "*");
    await assert.rejects(authorizer.authorize(ctx(narrowed), "bedrock:GetFoundationModel", "*"), (e: unknown) => denied(e) && /session policy/.test((e as Fault).message));
  });
});
