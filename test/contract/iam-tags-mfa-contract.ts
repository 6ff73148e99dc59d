import { it } from "node:test";
import assert from "node:assert/strict";
import type { Store, Tag } from "../../src/store/index.js";
import { contractSuite, outcomes, rejectsWith } from "./iam-fixtures.js";

const tags = (n: number, prefix = "k"): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

/** Tags by ARN and virtual MFA devices, with the replay guard. */
export function iamTagsAndMfaContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: IAM tags and MFA devices`, open, (f) => {
    it("tags are added, replaced, listed by key and removed", async () => {
      const u = await f.user(await f.account());
      await f.store.iam.tagResource(u.arn, [{ key: "team", value: "ml" }, { key: "Cost Center", value: "" }]);
      await f.store.iam.tagResource(u.arn, [{ key: "team", value: "infra" }]);
      assert.deepEqual(await f.store.iam.listTags(u.arn), [{ key: "Cost Center", value: "" }, { key: "team", value: "infra" }]);
      await f.store.iam.untagResource(u.arn, ["Cost Center", "absent"]);
      assert.deepEqual(await f.store.iam.listTags(u.arn), [{ key: "team", value: "infra" }]);
    });

    it("tag keys of users and roles compare without regard to case; those of policies and MFA devices exactly", async () => {
      const a = await f.account();
      for (const arn of [(await f.user(a)).arn, (await f.role(a)).arn]) {
        await f.store.iam.tagResource(arn, [{ key: "Department", value: "finance" }]);
        await f.store.iam.tagResource(arn, [{ key: "department", value: "hr" }]);
        assert.deepEqual(await f.store.iam.listTags(arn), [{ key: "department", value: "hr" }]);
        await f.store.iam.untagResource(arn, ["DEPARTMENT"]);
        assert.deepEqual(await f.store.iam.listTags(arn), []);
        await rejectsWith(f.store.iam.tagResource(arn, [{ key: "A", value: "1" }, { key: "a", value: "2" }]), "validation");
      }
      for (const arn of [(await f.policy(a)).arn, (await f.mfa(a)).serialNumber]) {
        await f.store.iam.tagResource(arn, [{ key: "Department", value: "finance" }, { key: "department", value: "hr" }]);
        assert.deepEqual(await f.store.iam.listTags(arn), [{ key: "Department", value: "finance" }, { key: "department", value: "hr" }]);
      }
    });

    it("tags need an existing IAM resource and well-formed keys and values", async () => {
      const a = await f.account();
      const u = await f.user(a);
      await rejectsWith(f.store.iam.tagResource(`arn:aws:iam::${a}:user/nobody`, tags(1)), "not-found");
      await rejectsWith(f.store.iam.untagResource(`arn:aws:iam::${a}:role/nobody`, ["k"]), "not-found");
      await rejectsWith(f.store.iam.tagResource(`arn:aws:iam::${a}:group/g`, tags(1)), "validation");
      await rejectsWith(f.store.iam.tagResource("arn:aws:bedrock:us-east-1::foundation-model/x", tags(1)), "validation");
      assert.equal((await rejectsWith(f.store.iam.tagResource(u.arn, [{ key: "aws:team", value: "x" }]), "validation")).detail.field, "tags.1.key");
      assert.equal((await rejectsWith(f.store.iam.tagResource(u.arn, [{ key: "ok", value: "x" }, { key: "k".repeat(129), value: "x" }]), "validation")).detail.field, "tags.2.key");
      assert.equal((await rejectsWith(f.store.iam.tagResource(u.arn, [{ key: "ok", value: "<script>" }]), "validation")).detail.field, "tags.1.value");
      assert.deepEqual(await f.store.iam.listTags(`arn:aws:iam::${a}:user/nobody`), []);
    });

    it("a resource has at most 50 tags; a refused request changes nothing", async () => {
      const u = await f.user(await f.account());
      await f.store.iam.tagResource(u.arn, tags(50));
      await rejectsWith(f.store.iam.tagResource(u.arn, [{ key: "k0", value: "new" }, { key: "one-more", value: "x" }]), "service-quota-exceeded");
      const listed = await f.store.iam.listTags(u.arn);
      assert.equal(listed.length, 50);
      assert.equal(listed.find((t) => t.key === "k0")?.value, "v0", "the refused request left no trace");
      await f.store.iam.tagResource(u.arn, [{ key: "k0", value: "replaced" }]);
      assert.equal((await f.store.iam.listTags(u.arn)).find((t) => t.key === "k0")?.value, "replaced");
    });

    it("racing tag requests never leave more than 50 tags", async () => {
      for (let round = 0; round < 5; round++) {
        const r = await f.role(await f.account());
        const results = await Promise.allSettled(["a", "b", "c", "d"].map((prefix) => f.store.iam.tagResource(r.arn, tags(20, prefix))));
        assert.deepEqual(outcomes(results), { fulfilled: 2, faults: ["service-quota-exceeded", "service-quota-exceeded"] });
        assert.equal((await f.store.iam.listTags(r.arn)).length, 40);
      }
    });

    it("an MFA device round-trips its sealed seed byte for byte", async () => {
      const a = await f.account();
      const device = { ...f.mfaRecord(a, "phone", "/people/"), seedCiphertext: Uint8Array.from({ length: 256 }, (_, i) => i) };
      await f.store.iam.createMfaDevice(device);
      const found = await f.store.iam.getMfaDevice(device.serialNumber);
      assert.deepEqual(found, device);
      assert.equal(Object.getPrototypeOf(found?.seedCiphertext), Uint8Array.prototype);
      assert.equal(await f.store.iam.getMfaDevice(`arn:aws:iam::${a}:mfa/none`), undefined);
    });

    it("MFA device names are unique per account without regard to case or path; serials are checked", async () => {
      const a = await f.account();
      await f.mfa(a, "Phone");
      await rejectsWith(f.store.iam.createMfaDevice(f.mfaRecord(a, "phone", "/other/")), "conflict");
      await f.mfa(await f.account(), "Phone");
      await rejectsWith(f.store.iam.createMfaDevice({ ...f.mfaRecord(a), accountId: "000000000000" }), "validation");
      await rejectsWith(f.store.iam.createMfaDevice({ ...f.mfaRecord(a), serialNumber: `arn:aws:iam::${a}:user/x` }), "validation");
      await rejectsWith(f.store.iam.createMfaDevice({ ...f.mfaRecord(a), seedCiphertext: new Uint8Array() }), "validation");
      const u = await f.user(a);
      await rejectsWith(f.store.iam.createMfaDevice({ ...f.mfaRecord(a), userId: u.userId }), "validation");
    });

    it("an MFA device is enabled for one user of its account, listed, deactivated, and deleted only when inactive", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const d = await f.mfa(a, "b-device");
      const spare = await f.mfa(a, "a-device");
      const at = new Date("2025-06-01T00:00:00.000Z");
      await rejectsWith(f.store.iam.enableMfaDevice(d.serialNumber, (await f.user(await f.account())).userId, at), "not-found");
      await rejectsWith(f.store.iam.enableMfaDevice(`arn:aws:iam::${a}:mfa/none`, u.userId, at), "not-found");
      await f.store.iam.enableMfaDevice(d.serialNumber, u.userId, at);
      await rejectsWith(f.store.iam.enableMfaDevice(d.serialNumber, u.userId, at), "conflict");
      const enabled = { ...d, userId: u.userId, enabledAt: at };
      assert.deepEqual(await f.store.iam.getMfaDevice(d.serialNumber), enabled);
      assert.deepEqual(await f.store.iam.listMfaDevices(a), [spare, enabled]);
      assert.deepEqual(await f.store.iam.listMfaDevices(a, u.userId), [enabled]);
      await rejectsWith(f.store.iam.deleteMfaDevice(d.serialNumber), "conflict");
      assert.equal(await f.store.iam.deactivateMfaDevice(d.serialNumber), true);
      assert.equal(await f.store.iam.deactivateMfaDevice(d.serialNumber), false);
      assert.deepEqual(await f.store.iam.getMfaDevice(d.serialNumber), d);
      await f.store.iam.tagResource(d.serialNumber, [{ key: "k", value: "v" }]);
      assert.equal(await f.store.iam.deleteMfaDevice(d.serialNumber), true);
      assert.equal(await f.store.iam.deleteMfaDevice(d.serialNumber), false);
      assert.deepEqual(await f.store.iam.listTags(d.serialNumber), []);
    });

    it("a TOTP step is accepted once: the same or an earlier step is refused, a later one accepted", async () => {
      const d = await f.mfa(await f.account());
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 58_000_000), true);
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 58_000_000), false);
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 57_999_999), false);
      assert.equal(await f.store.iam.useMfaStep(d.serialNumber, 58_000_001), true);
      assert.equal(await f.store.iam.useMfaStep(`arn:aws:iam::${d.accountId}:mfa/none`, 1), false);
      await rejectsWith(f.store.iam.useMfaStep(d.serialNumber, -1), "validation");
      await rejectsWith(f.store.iam.useMfaStep(d.serialNumber, 1.5), "validation");
    });

    it("of racing uses of one step, exactly one wins", async () => {
      const d = await f.mfa(await f.account());
      for (let step = 60_000_000; step < 60_000_020; step++) {
        const wins = await Promise.all([f.store.iam.useMfaStep(d.serialNumber, step), f.store.iam.useMfaStep(d.serialNumber, step)]);
        assert.equal(wins.filter(Boolean).length, 1, `step ${step}`);
      }
    });
  });
}
