import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Fault } from "../../kernel/index.js";
import type { FaultKind, Principal } from "../../kernel/index.js";
import { assumeRole } from "./assume-role.js";
import { getSessionToken } from "./get-session-token.js";
import { MANAGEMENT, MEMBER, StsWorld } from "./test-world.fixture.js";
import type { AssumeRoleInput } from "./types.js";

/** What an assumed session carries: its duration, session policies, tags and source identity. */
const fails = (kind: FaultKind, message?: RegExp, code?: string) => (e: unknown) =>
  e instanceof Fault && e.kind === kind && (message === undefined || message.test(e.message)) && (code === undefined || e.detail.reason === code);

const trust = (aws: string | string[], actions: string[] = ["sts:AssumeRole"]) =>
  ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: actions }] });
const request = (roleArn: string, more: Partial<AssumeRoleInput> = {}): AssumeRoleInput =>
  ({ roleArn, roleSessionName: "session-1", policyArns: [], tags: [], transitiveTagKeys: [], ...more });
const SESSION_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }] });

describe("AssumeRole: the session", () => {
  let world: StsWorld;
  let user: Principal;
  before(async () => {
    world = await StsWorld.open();
    user = await world.user("uma");
  });
  after(async () => { await world?.close(); });

  const assume = (caller: Principal, input: AssumeRoleInput) => assumeRole(world.deps(), input, world.ctx(caller));
  const opened = async (token: string) => (await world.tokens.open(token))!.principal;

  it("the duration may reach the role's maximum session duration, not beyond, and not under 900 seconds", async () => {
    const roleArn = await world.role("long", trust(user.arn), { maxSessionDurationSeconds: 7200 });
    const result = await assume(user, request(roleArn, { durationSeconds: 7200 }));
    assert.equal(result.credentials.expiration.getTime() - world.clock.now().getTime(), 7_200_000);
    await assert.rejects(assume(user, request(roleArn, { durationSeconds: 7201 })), fails("validation", /MaxSessionDuration/));
    await assert.rejects(assume(user, request(roleArn, { durationSeconds: 899 })), fails("validation", /durationSeconds/));
    await assert.rejects(assume(user, request(roleArn, { durationSeconds: 43_201 })), fails("validation", /durationSeconds/));
  });

  it("role chaining: a role session may assume a role that trusts its role, for at most one hour", async () => {
    const first = await world.role("first", trust(user.arn));
    const second = await world.role("second", trust(first), { maxSessionDurationSeconds: 43_200 });
    const session = await opened((await assume(user, request(first))).credentials.sessionToken);
    await assert.rejects(assume(session, request(second, { durationSeconds: 3601 })), fails("validation", /1 hour session limit/));
    const chained = await assume(session, request(second, { durationSeconds: 3600, roleSessionName: "hop" }));
    const p = await opened(chained.credentials.sessionToken);
    assert.equal(p.arn, `arn:aws:sts::${MANAGEMENT}:assumed-role/second/hop`);
    assert.equal(p.session.sourceArn, session.arn);
    // GetSessionToken credentials are temporary too: the same limit applies.
    const temporary = await opened((await getSessionToken(world.deps(), {}, world.ctx(user))).sessionToken);
    const longRole = await world.role("long-for-user", trust(user.arn), { maxSessionDurationSeconds: 43_200 });
    await assert.rejects(assume(temporary, request(longRole, { durationSeconds: 7200 })), fails("validation", /1 hour session limit/));
    assert.ok(await assume(temporary, request(longRole)));
  });

  it("an inline session policy is validated, carried in the token and reported as packed size", async () => {
    const roleArn = await world.role("narrowed", trust(user.arn));
    const result = await assume(user, request(roleArn, { policy: SESSION_POLICY }));
    assert.ok(result.packedPolicySize !== undefined && result.packedPolicySize > 0 && result.packedPolicySize <= 100);
    assert.deepEqual((await opened(result.credentials.sessionToken)).session.policies, [SESSION_POLICY]);
    await assert.rejects(assume(user, request(roleArn, { policy: "{not json" })), fails("malformed-policy"));
    await assert.rejects(assume(user, request(roleArn, { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "*", Resource: "*" }] }) })), fails("malformed-policy", /Statement/));
  });

  it("session policies over the plaintext or packed limits are PackedPolicyTooLarge", async () => {
    const roleArn = await world.role("packed", trust(user.arn, ["sts:AssumeRole", "sts:TagSession"]));
    const long = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: Array.from({ length: 60 }, (_, i) => `arn:aws:bedrock:eu-west-2::foundation-model/model-${i}`) }] });
    await assert.rejects(assume(user, request(roleArn, { policy: long })), fails("validation", /2048/, "packed-policy-too-large"));
    const tags = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: randomBytes(96).toString("base64") }));
    await assert.rejects(assume(user, request(roleArn, { tags })), fails("validation", /Packed policy consumes \d+%/, "packed-policy-too-large"));
  });

  it("managed session policies come from the role's account by ARN", async () => {
    const roleArn = await world.role("managed", trust(user.arn));
    const arn = `arn:aws:iam::${MANAGEMENT}:policy/session-bedrock`;
    await world.store.iam.createPolicy({ policyId: "ANPAAAAAAAAAAAAAAAAB", accountId: MANAGEMENT, policyName: "session-bedrock", path: "/", arn, createdAt: world.clock.now() }, SESSION_POLICY);
    const result = await assume(user, request(roleArn, { policyArns: [arn] }));
    assert.deepEqual((await opened(result.credentials.sessionToken)).session.policies, [SESSION_POLICY]);
    await assert.rejects(assume(user, request(roleArn, { policyArns: [`arn:aws:iam::${MANAGEMENT}:policy/missing`] })), fails("validation", /policyArns\.member\.1\.arn/));
    await assert.rejects(assume(user, request(roleArn, { policyArns: [`arn:aws:iam::${MEMBER}:policy/session-bedrock`] })), fails("validation", /role's account/));
  });

  it("session tags need sts:TagSession in the trust policy and become the session's tags", async () => {
    const untagged = await world.role("no-tags", trust(user.arn));
    await assert.rejects(assume(user, request(untagged, { tags: [{ key: "project", value: "x" }] })), fails("access-denied", /sts:TagSession/));
    const tagged = await world.role("tags", trust(user.arn, ["sts:AssumeRole", "sts:TagSession"]));
    const result = await assume(user, request(tagged, { tags: [{ key: "project", value: "x" }, { key: "cost", value: "42" }], transitiveTagKeys: ["project"] }));
    assert.ok(result.packedPolicySize !== undefined);
    const p = await opened(result.credentials.sessionToken);
    assert.deepEqual(p.session.tags, [{ key: "project", value: "x" }, { key: "cost", value: "42" }]);
    assert.deepEqual(p.session.transitiveTagKeys, ["project"]);
  });

  it("tag rules: no duplicate keys (any case), no aws: keys, transitive keys among the tags", async () => {
    const roleArn = await world.role("tag-rules", trust(user.arn, ["sts:AssumeRole", "sts:TagSession"]));
    await assert.rejects(assume(user, request(roleArn, { tags: [{ key: "a", value: "1" }, { key: "A", value: "2" }] })), fails("validation", /Duplicate tag keys/));
    await assert.rejects(assume(user, request(roleArn, { tags: [{ key: "aws:x", value: "1" }] })), fails("validation", /reserved/));
    await assert.rejects(assume(user, request(roleArn, { tags: [{ key: "a", value: "1" }], transitiveTagKeys: ["b"] })), fails("validation", /transitiveTagKeys/));
  });

  it("transitive tags pass along a role chain and cannot be changed there", async () => {
    const first = await world.role("tag-first", trust(user.arn, ["sts:AssumeRole", "sts:TagSession"]));
    const second = await world.role("tag-second", trust(first, ["sts:AssumeRole", "sts:TagSession"]));
    const session = await opened((await assume(user, request(first, { tags: [{ key: "project", value: "x" }, { key: "local", value: "y" }], transitiveTagKeys: ["project"] }))).credentials.sessionToken);
    const chained = await opened((await assume(session, request(second))).credentials.sessionToken);
    assert.deepEqual(chained.session.tags, [{ key: "project", value: "x" }]);
    assert.deepEqual(chained.session.transitiveTagKeys, ["project"]);
    await assert.rejects(assume(session, request(second, { tags: [{ key: "Project", value: "z" }] })), fails("validation", /transitive/));
  });

  it("a source identity needs sts:SetSourceIdentity, stays for the chain and cannot change", async () => {
    const plain = await world.role("no-source", trust(user.arn));
    await assert.rejects(assume(user, request(plain, { sourceIdentity: "uma" })), fails("access-denied", /sts:SetSourceIdentity/));
    const first = await world.role("source-first", trust(user.arn, ["sts:AssumeRole", "sts:SetSourceIdentity"]));
    const second = await world.role("source-second", trust(first, ["sts:AssumeRole", "sts:SetSourceIdentity"]));
    const result = await assume(user, request(first, { sourceIdentity: "uma" }));
    assert.equal(result.sourceIdentity, "uma");
    const session = await opened(result.credentials.sessionToken);
    const chained = await assume(session, request(second));
    assert.equal(chained.sourceIdentity, "uma");
    await assert.rejects(assume(session, request(second, { sourceIdentity: "someone-else" })), fails("validation", /source identity/));
    const noSourceNext = await world.role("source-third", trust(first));
    await assert.rejects(assume(session, request(noSourceNext)), fails("access-denied", /sts:SetSourceIdentity/));
  });
});
