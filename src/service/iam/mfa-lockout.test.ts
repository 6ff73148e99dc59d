import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SecretBox } from "../../crypto/index.js";
import { openStore } from "../../store/index.js";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";
import { MFA_LOCKOUT } from "./mfa-attempts.js";
import type { MfaRefusal } from "./mfa-attempts.js";
import { MfaVerifier } from "./mfa-verify.js";
import { codeAt, stepAt } from "./totp.js";

/** A code that matches no step within two of `step`, so no drift window accepts it. */
async function wrongCode(seed: string, step: number): Promise<string> {
  const near = new Set(await Promise.all([-2, -1, 0, 1, 2].map((d) => codeAt(seed, step + d))));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.has(code)) return code;
  }
}

/** A SecretBox that counts the seeds it opens: a code is evaluated only after its seed is opened. */
function countingBox(box: SecretBox): SecretBox & { opened: number } {
  const counting = {
    opened: 0,
    seal: (plaintext: Uint8Array, context: Record<string, string>) => box.seal(plaintext, context),
    open: (ciphertext: Uint8Array, context: Record<string, string>) => { counting.opened++; return box.open(ciphertext, context); },
    sealedUnder: (ciphertext: Uint8Array) => box.sealedUnder(ciphertext),
  };
  return counting;
}

const MINUTE = 60_000;

describe("MFA lockout: failed codes are counted per device in the store and lock it", () => {
  let f: IamFixture;
  let user = 0;
  before(async () => { f = await iamFixture(); });
  after(async () => { await f.close(); });

  /** A user with an enabled device; the step used to enable it is spent, so the clock moves one step on. */
  async function enrolled(): Promise<{ serial: string; seed: string; userId: string; userArn: string }> {
    const userName = `mfa-user-${++user}`;
    const created = await f.service.users.create(f.admin, { userName });
    const device = await f.service.mfa.createVirtual(f.admin, { virtualMfaDeviceName: userName });
    const seed = device.base32StringSeed.reveal();
    const now = stepAt(f.clock.now());
    await f.service.mfa.enable(f.admin, await f.user(f.admin, userName), { serialNumber: device.serialNumber, authenticationCode1: await codeAt(seed, now - 1), authenticationCode2: await codeAt(seed, now) });
    f.clock.advance(30_000);
    return { serial: device.serialNumber, seed, userId: created.userId, userArn: created.arn };
  }
  const current = (seed: string) => codeAt(seed, stepAt(f.clock.now()));
  const wrong = (seed: string) => wrongCode(seed, stepAt(f.clock.now()));
  const refusalsOf = (serial: string): MfaRefusal[] => f.refusals.filter((r) => r.serialNumber === serial);

  it("after five wrong codes the right code is refused, without being evaluated, until the lock ends", async () => {
    const d = await enrolled();
    const box = countingBox(f.deps.box);
    const verifier = new MfaVerifier({ ...f.deps, box });
    const attribution = { principalArn: d.userArn, requestId: "req-lockout" };
    const codes: string[] = [];
    for (let i = 0; i < MFA_LOCKOUT.threshold; i++) {
      const code = await wrong(d.seed);
      codes.push(code);
      assert.equal(await verifier.verifyMfaCode(d.serial, code, d.userId, attribution), false);
    }
    const opened = box.opened;
    const right = await current(d.seed);
    codes.push(right);
    assert.equal(await verifier.verifyMfaCode(d.serial, right, d.userId, attribution), false, "the right code is refused while locked");
    assert.equal(box.opened, opened, "while locked, the seed is not even opened");

    const lockedUntil = new Date(f.clock.now().getTime() + MINUTE);
    assert.deepEqual(refusalsOf(d.serial), [
      ...[1, 2, 3, 4].map((failures) => ({ serialNumber: d.serial, use: "authenticate", reason: "invalid-code", failures, ...attribution })),
      { serialNumber: d.serial, use: "authenticate", reason: "invalid-code", failures: 5, lockedUntil, ...attribution },
      { serialNumber: d.serial, use: "authenticate", reason: "locked", failures: 5, lockedUntil, ...attribution },
    ]);
    const reported = JSON.stringify(refusalsOf(d.serial));
    for (const code of codes) assert.ok(!reported.includes(code), "no refusal carries a code");

    f.clock.advance(MINUTE - 1_000);
    assert.equal(await verifier.verifyMfaCode(d.serial, await current(d.seed), d.userId), false, "still locked a second before the end");
    f.clock.advance(1_000);
    assert.equal(await verifier.verifyMfaCode(d.serial, await current(d.seed), d.userId), true, "the lock has ended");
    // The success cleared the run: four failures more do not lock, the fifth would.
    for (let i = 0; i < MFA_LOCKOUT.threshold - 1; i++) assert.equal(await verifier.verifyMfaCode(d.serial, await wrong(d.seed), d.userId), false);
    f.clock.advance(30_000);
    assert.equal(await verifier.verifyMfaCode(d.serial, await current(d.seed), d.userId), true);
  });

  it("after the first lock every further failure locks again, twice as long each time, up to 15 minutes", async () => {
    const d = await enrolled();
    const verifier = f.service.mfaVerifier;
    for (let i = 0; i < MFA_LOCKOUT.threshold; i++) await verifier.verifyMfaCode(d.serial, await wrong(d.seed), d.userId);
    let lockedUntil = refusalsOf(d.serial).at(-1)!.lockedUntil!;
    assert.equal(lockedUntil.getTime() - f.clock.now().getTime(), MINUTE);
    for (const minutes of [2, 4, 8, 15, 15]) {
      f.clock.set(lockedUntil);
      assert.equal(await verifier.verifyMfaCode(d.serial, await wrong(d.seed), d.userId), false);
      const last = refusalsOf(d.serial).at(-1)!;
      assert.equal(last.reason, "invalid-code");
      lockedUntil = last.lockedUntil!;
      assert.equal(lockedUntil.getTime() - f.clock.now().getTime(), minutes * MINUTE, `${minutes} minutes`);
    }
    f.clock.set(lockedUntil);
    assert.equal(await verifier.verifyMfaCode(d.serial, await current(d.seed), d.userId), true);
  });

  it("a replayed code is refused and counts as a failure", async () => {
    const d = await enrolled();
    const code = await current(d.seed);
    assert.equal(await f.service.mfaVerifier.verifyMfaCode(d.serial, code, d.userId), true);
    assert.equal(await f.service.mfaVerifier.verifyMfaCode(d.serial, code, d.userId), false);
    assert.deepEqual(refusalsOf(d.serial).map((r) => [r.reason, r.failures]), [["replayed-code", 1]]);
  });

  it("another user's guesses are neither counted nor able to lock the owner's device", async () => {
    const d = await enrolled();
    const other = await enrolled();
    for (let i = 0; i < 3 * MFA_LOCKOUT.threshold; i++) assert.equal(await f.service.mfaVerifier.verifyMfaCode(d.serial, await wrong(d.seed), other.userId), false);
    assert.deepEqual(refusalsOf(d.serial), []);
    assert.equal(await f.service.mfaVerifier.verifyMfaCode(d.serial, await current(d.seed), d.userId), true);
  });

  it("EnableMFADevice is under the same lockout, and reports the administrator who tried", async () => {
    const userName = `mfa-user-${++user}`;
    await f.service.users.create(f.admin, { userName });
    const device = await f.service.mfa.createVirtual(f.admin, { virtualMfaDeviceName: userName });
    const seed = device.base32StringSeed.reveal();
    const pair = async () => { const s = stepAt(f.clock.now()); return { authenticationCode1: await codeAt(seed, s - 1), authenticationCode2: await codeAt(seed, s) }; };
    const enable = async (codes: { authenticationCode1: string; authenticationCode2: string }) => f.service.mfa.enable(f.admin, await f.user(f.admin, userName), { serialNumber: device.serialNumber, ...codes });
    for (let i = 0; i < MFA_LOCKOUT.threshold; i++) {
      await refused(enable({ authenticationCode1: await wrong(seed), authenticationCode2: await wrong(seed) }), "access-denied", /not valid/, "invalid-authentication-code");
    }
    await refused(enable(await pair()), "access-denied", /not valid/, "invalid-authentication-code");
    assert.deepEqual(refusalsOf(device.serialNumber).map((r) => [r.use, r.reason, r.failures, r.principalArn, r.requestId]), [
      ...[1, 2, 3, 4, 5].map((n) => ["enable", "invalid-code", n, f.admin.principal.arn, f.admin.requestId]),
      ["enable", "locked", 5, f.admin.principal.arn, f.admin.requestId],
    ]);
    f.clock.advance(MINUTE);
    await enable(await pair());
  });

  it("an administrator's deactivation clears a lock at once", async () => {
    const d = await enrolled();
    for (let i = 0; i < MFA_LOCKOUT.threshold; i++) await f.service.mfaVerifier.verifyMfaCode(d.serial, await wrong(d.seed), d.userId);
    const userName = (await f.store.iam.getUserById(d.userId))!.userName;
    await f.service.mfa.deactivate(f.admin, await f.user(f.admin, userName), { serialNumber: d.serial });
    const s = stepAt(f.clock.now());
    await f.service.mfa.enable(f.admin, await f.user(f.admin, userName), { serialNumber: d.serial, authenticationCode1: await codeAt(d.seed, s), authenticationCode2: await codeAt(d.seed, s + 1) });
    f.clock.advance(30_000);
    assert.equal(await f.service.mfaVerifier.verifyMfaCode(d.serial, await codeAt(d.seed, stepAt(f.clock.now()) + 1), d.userId), true);
  });

  it("two nodes over one database share the count: failures on either lock the device on both", async () => {
    const other = await openStore({ dataDir: f.dataDir });
    try {
      const boxA = countingBox(f.deps.box);
      const boxB = countingBox(f.deps.box);
      const nodeA = new MfaVerifier({ ...f.deps, box: boxA });
      const nodeB = new MfaVerifier({ ...f.deps, iam: other.iam, box: boxB });
      const d = await enrolled();
      for (let i = 0; i < 3; i++) assert.equal(await nodeA.verifyMfaCode(d.serial, await wrong(d.seed), d.userId), false);
      for (let i = 0; i < 2; i++) assert.equal(await nodeB.verifyMfaCode(d.serial, await wrong(d.seed), d.userId), false);
      assert.equal(await nodeA.verifyMfaCode(d.serial, await current(d.seed), d.userId), false, "locked on the node that saw three failures");
      assert.equal(await nodeB.verifyMfaCode(d.serial, await current(d.seed), d.userId), false, "and on the one that saw two");
      assert.deepEqual(refusalsOf(d.serial).map((r) => [r.reason, r.failures]), [
        ...[1, 2, 3, 4, 5].map((n) => ["invalid-code", n]), ["locked", 5], ["locked", 5],
      ]);

      // Twenty guesses racing over both nodes: only five are ever evaluated.
      const e = await enrolled();
      const [openedA, openedB] = [boxA.opened, boxB.opened];
      const guess = await wrong(e.seed);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? nodeA : nodeB).verifyMfaCode(e.serial, guess, e.userId)));
      assert.ok(answers.every((ok) => !ok));
      assert.equal(boxA.opened - openedA + boxB.opened - openedB, MFA_LOCKOUT.threshold);
    } finally {
      await other.close();
    }
  });
});
