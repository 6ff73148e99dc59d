import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { FaultKind, Principal } from "../../kernel/index.js";
import { callerIdentity } from "./caller-identity.js";
import { getSessionToken } from "./get-session-token.js";
import { StsWorld } from "./test-world.fixture.js";

const fails = (kind: FaultKind, message?: RegExp) => (e: unknown) =>
  e instanceof Fault && e.kind === kind && (message === undefined || message.test(e.message));

describe("GetSessionToken and GetCallerIdentity", () => {
  let world: StsWorld;
  let alice: Principal;
  before(async () => {
    world = await StsWorld.open();
    alice = await world.user("alice");
  });
  after(async () => { await world?.close(); });

  const session = async (token: string) => (await world.tokens.open(token))!.principal;

  it("a user gets credentials acting as the user, for 12 hours by default, without MFA", async () => {
    const issued = await getSessionToken(world.deps(), {}, world.ctx(alice));
    assert.equal(issued.expiration.getTime() - world.clock.now().getTime(), 43_200_000);
    const p = await session(issued.sessionToken);
    assert.deepEqual([p.type, p.arn, p.userId, p.userName, p.accountId], ["IAMUser", alice.arn, alice.userId, "alice", alice.accountId]);
    assert.equal(p.session.mfaAuthenticatedAt, undefined);
    assert.deepEqual(callerIdentity(p), { account: alice.accountId, arn: alice.arn, userId: alice.userId });
  });

  it("the duration may be 900 to 129600 seconds, and nothing outside", async () => {
    for (const seconds of [900, 129_600]) {
      const issued = await getSessionToken(world.deps(), { durationSeconds: seconds }, world.ctx(alice));
      assert.equal(issued.expiration.getTime() - world.clock.now().getTime(), seconds * 1000);
    }
    for (const seconds of [899, 129_601, 0, -5]) {
      await assert.rejects(getSessionToken(world.deps(), { durationSeconds: seconds }, world.ctx(alice)), fails("validation", /durationSeconds/));
    }
  });

  it("with a current code from the user's MFA device the session is MFA-authenticated; the code works once", async () => {
    const bob = await world.user("bob");
    const device = await world.mfaDevice(bob);
    const mfa = { serialNumber: device.serialNumber, tokenCode: await device.code() };
    const issued = await getSessionToken(world.deps(), { mfa }, world.ctx(bob));
    assert.deepEqual((await session(issued.sessionToken)).session.mfaAuthenticatedAt, world.clock.now());
    await assert.rejects(getSessionToken(world.deps(), { mfa }, world.ctx(bob)), fails("access-denied", /MultiFactorAuthentication failed/));
  });

  it("a wrong code, or another user's device, is refused", async () => {
    const carol = await world.user("carol");
    const dave = await world.user("dave");
    const device = await world.mfaDevice(carol);
    const wrong = (await device.code()) === "000000" ? "111111" : "000000";
    await assert.rejects(getSessionToken(world.deps(), { mfa: { serialNumber: device.serialNumber, tokenCode: wrong } }, world.ctx(carol)), fails("access-denied"));
    await assert.rejects(getSessionToken(world.deps(), { mfa: { serialNumber: device.serialNumber, tokenCode: await device.code() } }, world.ctx(dave)), fails("access-denied"));
  });

  it("session credentials (its own, or a role session's) may not call it", async () => {
    const own = await session((await getSessionToken(world.deps(), {}, world.ctx(alice))).sessionToken);
    await assert.rejects(getSessionToken(world.deps(), {}, world.ctx(own)), fails("access-denied", /session credentials/));
    const roleSession: Principal = {
      type: "AssumedRole", accountId: alice.accountId, arn: `arn:aws:sts::${alice.accountId}:assumed-role/r/s`, userId: "AROAAAAAAAAAAAAAAAAA:s",
      userName: "s", accessKeyId: "ASIAAAAAAAAAAAAAAAAA", roleArn: `arn:aws:iam::${alice.accountId}:role/r`, roleId: "AROAAAAAAAAAAAAAAAAA",
      session: { issuedAt: world.clock.now(), expiresAt: world.clock.now() },
    };
    await assert.rejects(getSessionToken(world.deps(), {}, world.ctx(roleSession)), fails("access-denied"));
    assert.deepEqual(callerIdentity(roleSession), { account: alice.accountId, arn: roleSession.arn, userId: "AROAAAAAAAAAAAAAAAAA:s" });
  });
});
