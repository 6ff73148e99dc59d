import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as IAM from "@aws-sdk/client-iam";
import { mfaSeedContext } from "../../src/service/iam/mfa-seed.js";
import { openStore } from "../../src/store/index.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { currentStep, iamAs, totp } from "./iam-admin.js";
import { storedBox } from "./stored-box.js";

/** A base32 TOTP seed, as an authenticator app holds it. */
const SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/**
 * A data directory from a release that sealed MFA seeds under the root key, bound to the serial
 * number alone: the next start moves the seed under the account's default KMS key, and the
 * device goes on working (two codes from the same seed enable it).
 */
describe("secrets an older release sealed under the root key move under the account's default key at start", () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  let serial: string;
  let accountId: string;
  let region: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-root-sealed-"));
    const first = await startServer({ dataDir });
    const iam = iamAs(first);
    const { User } = await iam.send(new IAM.CreateUserCommand({ UserName: "legacy" }));
    iam.destroy();
    await first.stop();
    region = first.region;
    accountId = User!.Arn!.split(":")[4]!;
    serial = `arn:aws:iam::${accountId}:mfa/legacy-phone`;
    // Written as the older release wrote it: the context binds no account, so the box seals it under the root key.
    const stored = await storedBox(dataDir, region);
    const store = await openStore({ dataDir });
    try {
      const seedCiphertext = await stored.box.seal(new TextEncoder().encode(SEED), mfaSeedContext(serial));
      assert.equal(stored.box.sealedUnder(seedCiphertext), undefined, "under the root key");
      await store.iam.createMfaDevice({ serialNumber: serial, accountId, seedCiphertext, createdAt: new Date() });
    } finally {
      await store.close();
      await stored.close();
    }
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("the start reseals the seed under the default key, bound to the account and the device's ARN", async () => {
    server = await startServer({ dataDir });
    const store = await openStore({ dataDir });
    const stored = await storedBox(dataDir, region);
    try {
      const device = (await store.iam.getMfaDevice(serial))!;
      assert.match(stored.box.sealedUnder(device.seedCiphertext)?.arn ?? "(root key)", new RegExp(`^arn:aws:kms:${region}:${accountId}:key/`));
      const opened = await stored.box.open(device.seedCiphertext, mfaSeedContext(serial, accountId));
      assert.equal(new TextDecoder().decode(opened), SEED);
    } finally {
      await stored.close();
      await store.close();
    }
    assert.match(server.stdout() + server.stderr(), /moved under their accounts' default KMS keys/);
  });

  it("the device still works: two codes from the seed enable it", async () => {
    const iam = iamAs(server!);
    try {
      const seed = new TextEncoder().encode(SEED);
      const step = currentStep();
      await iam.send(new IAM.EnableMFADeviceCommand({ UserName: "legacy", SerialNumber: serial, AuthenticationCode1: await totp(seed, step - 1), AuthenticationCode2: await totp(seed, step) }));
      const devices = await iam.send(new IAM.ListMFADevicesCommand({ UserName: "legacy" }));
      assert.deepEqual(devices.MFADevices?.map((d) => d.SerialNumber), [serial]);
    } finally {
      iam.destroy();
    }
  });
});
