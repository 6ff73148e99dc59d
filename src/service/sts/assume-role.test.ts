import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { FaultKind, Principal } from "../../kernel/index.js";
import { assumeRole } from "./assume-role.js";
import { getSessionToken } from "./get-session-token.js";
import { MANAGEMENT, MEMBER, StsWorld } from "./test-world.fixture.js";
import type { AssumeRoleInput } from "./types.js";

/**
 * Who may assume a role: the trust policy must allow; naming the user directly suffices in the
 * same account, naming the account delegates to the caller's identity policies, another account
 * always needs them; conditions see ExternalId, MFA and principal tags.
 */
const fails = (kind: FaultKind, message?: RegExp) => (e: unknown) =>
  e instanceof Fault && e.kind === kind && (message === undefined || message.test(e.message));
const denied = (action = "sts:AssumeRole") => fails("access-denied", new RegExp(`is not authorized to perform: ${action} on resource`));

const trust = (aws: string | string[], statement: object = {}) =>
  ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole", ...statement }] });
const allow = (action: string, resource: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] });
const request = (roleArn: string, more: Partial<AssumeRoleInput> = {}): AssumeRoleInput =>
  ({ roleArn, roleSessionName: "session-1", policyArns: [], tags: [], transitiveTagKeys: [], ...more });

describe("AssumeRole: the trust decision", () => {
  let world: StsWorld;
  before(async () => { world = await StsWorld.open(); });
  after(async () => { await world?.close(); });

  const assume = (caller: Principal, input: AssumeRoleInput) => assumeRole(world.deps(), input, world.ctx(caller));
  const opened = async (token: string) => (await world.tokens.open(token))!.principal;

  it("a user the trust policy names directly assumes the role without any identity policy", async () => {
    const erin = await world.user("erin");
    const roleArn = await world.role("direct", trust(erin.arn));
    const result = await assume(erin, request(roleArn));
    const roleId = result.assumedRoleId.split(":")[0]!;
    assert.match(roleId, /^AROA/);
    assert.equal(result.assumedRoleId, `${roleId}:session-1`);
    assert.equal(result.arn, `arn:aws:sts::${MANAGEMENT}:assumed-role/direct/session-1`);
    assert.equal(result.packedPolicySize, undefined);
    assert.equal(result.credentials.expiration.getTime() - world.clock.now().getTime(), 3_600_000);
    const p = await opened(result.credentials.sessionToken);
    assert.deepEqual(
      [p.type, p.accountId, p.arn, p.userId, p.userName, p.roleArn, p.roleId, p.session.sourceArn],
      ["AssumedRole", MANAGEMENT, result.arn, result.assumedRoleId, "session-1", roleArn, roleId, erin.arn],
    );
  });

  it("a trust policy naming the account delegates to the caller's identity policies", async () => {
    const roleArn = await world.role("by-account", trust(`arn:aws:iam::${MANAGEMENT}:root`));
    const frank = await world.user("frank");
    await assert.rejects(assume(frank, request(roleArn)), denied());
    const grace = await world.user("grace", { policies: [allow("sts:AssumeRole", roleArn)] });
    assert.ok((await assume(grace, request(roleArn))).credentials.sessionToken);
    const heidi = await world.user("heidi", { policies: [allow("sts:AssumeRole", `arn:aws:iam::${MANAGEMENT}:role/other`)] });
    await assert.rejects(assume(heidi, request(roleArn)), denied());
  });

  it("an identity policy alone does not let anyone assume a role whose trust policy does not allow them", async () => {
    const ivan = await world.user("ivan", { policies: [allow("sts:AssumeRole", "*")] });
    const roleArn = await world.role("someone-else", trust(`arn:aws:iam::${MANAGEMENT}:user/nobody`));
    await assert.rejects(assume(ivan, request(roleArn)), denied());
  });

  it("an explicit deny in the trust policy wins over a direct allow", async () => {
    const judy = await world.user("judy");
    const roleArn = await world.role("denying", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: judy.arn }, Action: "sts:AssumeRole" },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:SecureTransport": "true" } } },
      ],
    });
    await assert.rejects(assume(judy, request(roleArn)), denied());
  });

  it("a role that does not exist is refused exactly like one that does not trust the caller", async () => {
    const ken = await world.user("ken", { policies: [allow("sts:AssumeRole", "*")] });
    const missing = `arn:aws:iam::${MANAGEMENT}:role/missing`;
    await assert.rejects(assume(ken, request(missing)), (e: unknown) =>
      e instanceof Fault && e.kind === "access-denied" && e.message === `User: ${ken.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`);
  });

  it("the ARN must name the role with its path", async () => {
    const leo = await world.user("leo");
    await world.role("pathless", trust(leo.arn));
    await assert.rejects(assume(leo, request(`arn:aws:iam::${MANAGEMENT}:role/team/pathless`)), denied());
    await assert.rejects(assume(leo, request(`arn:aws:iam::${MANAGEMENT}:user/pathless`)), fails("validation", /roleArn/));
  });

  it("a role in another account needs the trust policy and the caller's identity policy, even when named directly", async () => {
    const mallory = await world.user("mallory");
    const roleArn = await world.role("cross", trust([`arn:aws:iam::${MANAGEMENT}:root`, mallory.arn]), { account: MEMBER });
    await assert.rejects(assume(mallory, request(roleArn)), denied());
    const niaj = await world.user("niaj", { policies: [allow("sts:AssumeRole", roleArn)] });
    const result = await assume(niaj, request(roleArn));
    assert.equal(result.arn, `arn:aws:sts::${MEMBER}:assumed-role/cross/session-1`);
    const outsider = await world.user("olivia", { account: MEMBER, policies: [allow("sts:AssumeRole", "*")] });
    const onlyManagement = await world.role("only-management", trust(`arn:aws:iam::${MANAGEMENT}:root`));
    await assert.rejects(assume(outsider, request(onlyManagement)), denied());
  });

  it("an ExternalId condition needs exactly that external id", async () => {
    const peggy = await world.user("peggy");
    const roleArn = await world.role("vendor", trust(peggy.arn, { Condition: { StringEquals: { "sts:ExternalId": "Unique-1234" } } }));
    await assert.rejects(assume(peggy, request(roleArn)), denied());
    await assert.rejects(assume(peggy, request(roleArn, { externalId: "Unique-9999" })), denied());
    assert.ok(await assume(peggy, request(roleArn, { externalId: "Unique-1234" })));
  });

  it("an MFA condition needs a valid code with the request, or an MFA-authenticated session", async () => {
    const quinn = await world.user("quinn");
    const device = await world.mfaDevice(quinn);
    const roleArn = await world.role("mfa-only", trust(quinn.arn, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }));
    await assert.rejects(assume(quinn, request(roleArn)), denied());
    const wrong = (await device.code()) === "000000" ? "111111" : "000000";
    await assert.rejects(assume(quinn, request(roleArn, { mfa: { serialNumber: device.serialNumber, tokenCode: wrong } })), fails("access-denied", /MultiFactorAuthentication/));
    const withMfa = await assume(quinn, request(roleArn, { mfa: { serialNumber: device.serialNumber, tokenCode: await device.code() } }));
    assert.deepEqual((await opened(withMfa.credentials.sessionToken)).session.mfaAuthenticatedAt, world.clock.now());

    world.clock.at += 30_000;
    const mfaSession = await getSessionToken(world.deps(), { mfa: { serialNumber: device.serialNumber, tokenCode: await device.code() } }, world.ctx(quinn));
    const sessionCaller = await opened(mfaSession.sessionToken);
    const chained = await assume(sessionCaller, request(roleArn));
    assert.ok((await opened(chained.credentials.sessionToken)).session.mfaAuthenticatedAt, "MFA carries into the role session");
    const plain = await opened((await getSessionToken(world.deps(), {}, world.ctx(quinn))).sessionToken);
    await assert.rejects(assume(plain, request(roleArn)), denied());
  });

  it("an MFA age condition counts from when the code was presented", async () => {
    const rupert = await world.user("rupert");
    const device = await world.mfaDevice(rupert);
    const roleArn = await world.role("recent-mfa", trust(rupert.arn, { Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "600" } } }));
    const session = await opened((await getSessionToken(world.deps(), { mfa: { serialNumber: device.serialNumber, tokenCode: await device.code() } }, world.ctx(rupert))).sessionToken);
    world.clock.at += 300_000;
    assert.ok(await assume(session, request(roleArn)));
    world.clock.at += 400_000;
    await assert.rejects(assume(session, request(roleArn)), denied());
  });

  it("conditions on the caller's principal tags apply", async () => {
    const blue = await world.user("sybil", { tags: { team: "blue" } });
    const red = await world.user("trent", { tags: { team: "red" } });
    const roleArn = await world.role("blue-team", trust(`arn:aws:iam::${MANAGEMENT}:root`, { Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" } } }));
    await world.store.iam.putInlinePolicy({ kind: "user", entityId: blue.userId, policyName: "assume", document: JSON.stringify(allow("sts:AssumeRole", roleArn)) });
    await world.store.iam.putInlinePolicy({ kind: "user", entityId: red.userId, policyName: "assume", document: JSON.stringify(allow("sts:AssumeRole", roleArn)) });
    assert.ok(await assume(blue, request(roleArn)));
    await assert.rejects(assume(red, request(roleArn)), denied());
  });
});
