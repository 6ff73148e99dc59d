import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";
import { codeAt, stepAt } from "./totp.js";

describe("virtual MFA devices", () => {
  let f: IamFixture;
  let serial: string;
  let seed: string;
  let userId: string;
  before(async () => {
    f = await iamFixture();
    userId = (await f.service.users.create(f.admin, { userName: "carol" })).userId;
  });
  after(async () => { await f.close(); });

  it("CreateVirtualMFADevice answers the base32 seed once and seals it to the serial number", async () => {
    const device = await f.service.mfa.createVirtual(f.admin, { virtualMfaDeviceName: "carol-phone", tags: [{ key: "kind", value: "phone" }] });
    serial = device.serialNumber;
    seed = device.base32StringSeed.reveal();
    assert.equal(serial, `arn:aws:iam::${f.admin.principal.accountId}:mfa/carol-phone`);
    assert.match(seed, /^[A-Z2-7]{32}$/);
    const stored = await f.store.iam.getMfaDevice(serial);
    assert.ok(stored && !Buffer.from(stored.seedCiphertext).includes(Buffer.from(seed)));
    await refused(f.service.mfa.createVirtual(f.admin, { virtualMfaDeviceName: "carol-phone" }), "already-exists", /already exists/);
    const listed = await f.service.mfa.listVirtual(f.admin, "Unassigned", {});
    assert.deepEqual(listed.items.map((d) => [d.serialNumber, d.user, d.tags]), [[serial, undefined, [{ key: "kind", value: "phone" }]]]);
  });

  it("EnableMFADevice needs two consecutive current codes", async () => {
    const now = stepAt(f.clock.now());
    const wrong = String((Number(await codeAt(seed, now)) + 1) % 1_000_000).padStart(6, "0");
    await refused(f.service.mfa.enable(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial, authenticationCode1: await codeAt(seed, now - 1), authenticationCode2: wrong }), "access-denied", /not valid/, "invalid-authentication-code");
    await refused(f.service.mfa.enable(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial, authenticationCode1: await codeAt(seed, now - 10), authenticationCode2: await codeAt(seed, now - 9) }), "access-denied", /not valid/, "invalid-authentication-code");
    await refused(f.service.mfa.enable(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial, authenticationCode1: "12345", authenticationCode2: "123456" }), "validation", /'authenticationCode1'/, "constraint");
    await f.service.mfa.enable(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial, authenticationCode1: await codeAt(seed, now - 1), authenticationCode2: await codeAt(seed, now) });
    const devices = await f.service.mfa.list(f.admin, await f.user(f.admin, "carol"), {});
    assert.deepEqual(devices.items.map((d) => [d.userName, d.serialNumber]), [["carol", serial]]);
    assert.equal((await f.service.mfa.listVirtual(f.admin, "Assigned", {})).items[0]?.user?.userName, "carol");
    await refused(f.service.mfa.enable(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial, authenticationCode1: await codeAt(seed, now), authenticationCode2: await codeAt(seed, now + 1) }), "already-exists", /already in use/);
  });

  it("verifyMfaCode: the owner's current code once; not a replay, an old code, another user or a bad format", async () => {
    const verifier = f.service.mfaVerifier;
    // The code of the step used to enable the device is spent already.
    assert.equal(await verifier.verifyMfaCode(serial, await codeAt(seed, stepAt(f.clock.now())), userId), false);
    f.clock.advance(30_000);
    const code = await codeAt(seed, stepAt(f.clock.now()));
    assert.equal(await verifier.verifyMfaCode(serial, code, "AIDAOTHERUSER0000000"), false);
    assert.equal(await verifier.verifyMfaCode(serial, code, userId), true);
    assert.equal(await verifier.verifyMfaCode(serial, code, userId), false, "a code works once");
    f.clock.advance(30_000);
    assert.equal(await verifier.verifyMfaCode(serial, code, userId), false, "an older step than one used is refused");
    assert.equal(await verifier.verifyMfaCode(serial, await codeAt(seed, stepAt(f.clock.now()) + 1), userId), true, "one step of drift ahead");
    f.clock.advance(5 * 60_000);
    assert.equal(await verifier.verifyMfaCode(serial, await codeAt(seed, stepAt(f.clock.now()) - 5), userId), false, "too old");
    assert.equal(await verifier.verifyMfaCode(serial, "12a456", userId), false);
    assert.equal(await verifier.verifyMfaCode(`${serial}-nope`, "123456", userId), false);
  });

  it("an enabled device blocks DeleteUser and DeleteVirtualMFADevice until deactivated", async () => {
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "carol")), "in-use", /MFA device/);
    await refused(f.service.mfa.deleteVirtual(f.admin, await f.mfa(f.admin, serial)), "in-use", /still in use/);
    await refused(f.service.mfa.deactivate(f.admin, await f.user(f.admin, "administrator"), { serialNumber: serial }), "not-found", /not enabled for user administrator/);
    await f.service.mfa.deactivate(f.admin, await f.user(f.admin, "carol"), { serialNumber: serial });
    assert.deepEqual((await f.service.mfa.list(f.admin, await f.user(f.admin, "carol"), {})).items, []);
    assert.equal(await f.service.mfaVerifier.verifyMfaCode(serial, await codeAt(seed, stepAt(f.clock.now()) + 1), userId), false, "a deactivated device verifies nothing");
    await f.service.mfa.deleteVirtual(f.admin, await f.mfa(f.admin, serial));
    await refused(f.service.mfa.deleteVirtual(f.admin, await f.mfa(f.admin, serial)), "not-found", /doesn't exist/);
    await f.service.users.delete(f.admin, await f.user(f.admin, "carol"));
  });

  it("another account's device is not found", async () => {
    const device = await f.service.mfa.createVirtual(f.otherAdmin, { virtualMfaDeviceName: "theirs" });
    await refused(f.service.mfa.deleteVirtual(f.admin, await f.mfa(f.admin, device.serialNumber)), "not-found", /doesn't exist/);
    assert.deepEqual((await f.service.mfa.listVirtual(f.admin, undefined, {})).items, []);
  });
});
