import { it } from "node:test";
import assert from "node:assert/strict";
import type { MfaLockout, Store } from "../../src/store/index.js";
import { contractSuite, rejectsWith } from "./iam-fixtures.js";

const LOCKOUT: MfaLockout = { threshold: 3, lockMs: [60_000, 120_000] };
const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** Failed MFA attempts per device: counted in one statement, locking from the threshold, cleared by a success or a deactivation. */
export function iamMfaAttemptsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: MFA attempts and lockout`, open, (f) => {
    it("attempts count per device; from the threshold the device locks, and claims while locked are refused and not counted", async () => {
      const a = await f.account();
      const d = await f.mfa(a);
      const other = await f.mfa(a);
      const claim = (ms: number) => f.store.iam.claimMfaAttempt(d.serialNumber, at(ms), LOCKOUT);
      assert.deepEqual(await claim(0), { admitted: true, failures: 1 });
      assert.deepEqual(await claim(1_000), { admitted: true, failures: 2 });
      assert.deepEqual(await claim(2_000), { admitted: true, failures: 3, lockedUntil: at(62_000) });
      assert.deepEqual(await claim(3_000), { admitted: false, failures: 3, lockedUntil: at(62_000) });
      assert.deepEqual(await claim(61_999), { admitted: false, failures: 3, lockedUntil: at(62_000) });
      // Once the lock ends, each further failure locks again, for the next duration, then the last one.
      assert.deepEqual(await claim(62_000), { admitted: true, failures: 4, lockedUntil: at(182_000) });
      assert.deepEqual(await claim(100_000), { admitted: false, failures: 4, lockedUntil: at(182_000) });
      assert.deepEqual(await claim(182_000), { admitted: true, failures: 5, lockedUntil: at(302_000) });
      assert.deepEqual(await claim(302_000), { admitted: true, failures: 6, lockedUntil: at(422_000) });
      assert.deepEqual(await f.store.iam.claimMfaAttempt(other.serialNumber, at(3_000), LOCKOUT), { admitted: true, failures: 1 }, "another device has its own count");
      assert.equal(await f.store.iam.claimMfaAttempt(`arn:aws:iam::${a}:mfa/none`, at(0), LOCKOUT), undefined);
    });

    it("a step accepted clears the run and the lock; a refused (replayed) step clears nothing", async () => {
      const d = await f.mfa(await f.account());
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 70_000_000), true);
      for (let i = 0; i < 3; i++) await f.store.iam.claimMfaAttempt(d.serialNumber, at(0), LOCKOUT);
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 70_000_000), false);
      assert.deepEqual(await f.store.iam.claimMfaAttempt(d.serialNumber, at(1_000), LOCKOUT), { admitted: false, failures: 3, lockedUntil: at(60_000) });
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 70_000_001), true);
      assert.deepEqual(await f.store.iam.claimMfaAttempt(d.serialNumber, at(2_000), LOCKOUT), { admitted: true, failures: 1 });
    });

    it("deactivating a device clears its run and its lock", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const d = await f.mfa(a);
      await f.store.iam.enableMfaDevice(d.serialNumber, u.userId, at(0));
      for (let i = 0; i < 3; i++) await f.store.iam.claimMfaAttempt(d.serialNumber, at(0), LOCKOUT);
      assert.equal((await f.store.iam.claimMfaAttempt(d.serialNumber, at(1_000), LOCKOUT))?.admitted, false);
      assert.equal(await f.store.iam.deactivateMfaDevice(d.serialNumber), true);
      assert.deepEqual(await f.store.iam.claimMfaAttempt(d.serialNumber, at(2_000), LOCKOUT), { admitted: true, failures: 1 });
    });

    it("of racing attempts, exactly `threshold` are admitted before the lock, each with its own count", async () => {
      for (let round = 0; round < 3; round++) {
        const d = await f.mfa(await f.account());
        const claims = await Promise.all(Array.from({ length: 20 }, () => f.store.iam.claimMfaAttempt(d.serialNumber, at(0), { threshold: 5, lockMs: [60_000] })));
        const admitted = claims.filter((c) => c?.admitted).map((c) => c!.failures).sort((x, y) => x - y);
        assert.deepEqual(admitted, [1, 2, 3, 4, 5], `round ${round}`);
        assert.ok(claims.every((c) => c?.admitted || (c?.failures === 5 && c.lockedUntil?.getTime() === at(60_000).getTime())));
      }
    });

    it("a lockout needs a positive threshold and positive durations", async () => {
      const d = await f.mfa(await f.account());
      await rejectsWith(f.store.iam.claimMfaAttempt(d.serialNumber, at(0), { threshold: 0, lockMs: [1] }), "validation");
      await rejectsWith(f.store.iam.claimMfaAttempt(d.serialNumber, at(0), { threshold: 1, lockMs: [] }), "validation");
      await rejectsWith(f.store.iam.claimMfaAttempt(d.serialNumber, at(0), { threshold: 1, lockMs: [0] }), "validation");
      assert.deepEqual(await f.store.iam.claimMfaAttempt(d.serialNumber, at(0), { threshold: 1, lockMs: [1] }), { admitted: true, failures: 1, lockedUntil: at(1) }, "refused lockouts counted nothing");
    });
  });
}
