import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openAccessKeySecret } from "../identity/index.js";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";

describe("access keys", () => {
  let f: IamFixture;
  before(async () => {
    f = await iamFixture();
    await f.service.users.create(f.admin, { userName: "bob" });
  });
  after(async () => { await f.close(); });

  it("CreateAccessKey returns the secret once and stores it only sealed to the key id", async () => {
    const key = await f.service.accessKeys.create(f.admin, await f.user(f.admin, "bob"));
    assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    const secret = key.secretAccessKey.reveal();
    assert.equal(secret.length, 40);
    assert.equal(String(key.secretAccessKey), "[redacted]");
    const stored = await f.store.identity.getAccessKey(key.accessKeyId);
    assert.ok(stored);
    assert.ok(!Buffer.from(stored.secretCiphertext).includes(Buffer.from(secret)));
    const opened = await openAccessKeySecret(f.deps.box, stored.secretCiphertext, key.accessKeyId, f.admin.principal.accountId);
    assert.equal(Buffer.from(opened).toString("utf8"), secret);
    assert.equal(stored.status, "Active");
  });

  it("a user has at most two keys", async () => {
    await f.service.accessKeys.create(f.admin, await f.user(f.admin, "bob"));
    await refused(f.service.accessKeys.create(f.admin, await f.user(f.admin, "bob")), "service-quota-exceeded", /AccessKeysPerUser: 2/);
    const listed = await f.service.accessKeys.list(f.admin, await f.user(f.admin, "bob"), {});
    assert.equal(listed.items.length, 2);
    assert.ok(listed.items.every((k) => k.userName === "bob" && k.status === "Active"));
  });

  it("UpdateAccessKey (either way) and DeleteAccessKey make this node forget the key at once", async () => {
    const [first, second] = (await f.service.accessKeys.list(f.admin, await f.user(f.admin, "bob"), {})).items;
    f.forgotten.length = 0;
    await f.service.accessKeys.update(f.admin, await f.user(f.admin, "bob"), { accessKeyId: first!.accessKeyId, status: "Inactive" });
    assert.deepEqual(f.forgotten, [first!.accessKeyId]);
    assert.equal((await f.store.identity.getAccessKey(first!.accessKeyId))?.status, "Inactive");
    await f.service.accessKeys.update(f.admin, await f.user(f.admin, "bob"), { accessKeyId: first!.accessKeyId, status: "Active" });
    await f.service.accessKeys.delete(f.admin, await f.user(f.admin, "bob"), { accessKeyId: second!.accessKeyId });
    assert.deepEqual(f.forgotten, [first!.accessKeyId, first!.accessKeyId, second!.accessKeyId], "reactivation is forgotten too");
    assert.equal(await f.store.identity.getAccessKey(second!.accessKeyId), undefined);
  });

  it("keys are found only through their own user, in the caller's account", async () => {
    const [key] = (await f.service.accessKeys.list(f.admin, await f.user(f.admin, "bob"), {})).items;
    await refused(f.service.accessKeys.delete(f.admin, await f.user(f.admin, "administrator"), { accessKeyId: key!.accessKeyId }), "not-found", /Access Key with id/);
    await refused(f.service.accessKeys.lastUsed(f.otherAdmin, await f.key(f.otherAdmin, key!.accessKeyId)), "not-found", /Access Key with id/);
    await refused(f.service.accessKeys.update(f.admin, await f.user(f.admin, "bob"), { accessKeyId: key!.accessKeyId, status: "Expired" }), "validation", /Active or Inactive/);
    await refused(f.service.accessKeys.update(f.admin, await f.user(f.admin, "bob"), { accessKeyId: key!.accessKeyId, status: "Paused" }), "validation", /'status'.*enum/, "constraint");
    await refused(f.service.accessKeys.delete(f.admin, await f.user(f.admin, "bob"), { accessKeyId: "short" }), "validation", /'accessKeyId'/, "constraint");
  });

  it("GetAccessKeyLastUsed: N/A until used, then the service, region and time", async () => {
    const [key] = (await f.service.accessKeys.list(f.admin, await f.user(f.admin, "bob"), {})).items;
    const before = await f.service.accessKeys.lastUsed(f.admin, await f.key(f.admin, key!.accessKeyId));
    assert.equal(before.userName, "bob");
    assert.equal(before.lastUsed, undefined);
    const at = f.clock.now();
    await f.store.identity.recordAccessKeyUse(key!.accessKeyId, at, "eu-west-2", "bedrock");
    const after = await f.service.accessKeys.lastUsed(f.admin, await f.key(f.admin, key!.accessKeyId));
    assert.deepEqual(after.lastUsed, { at, region: "eu-west-2", service: "bedrock" });
  });

  it("without a user name, the calling user's keys", async () => {
    const created = await f.service.accessKeys.create(f.admin, await f.user(f.admin, undefined));
    const mine = await f.service.accessKeys.list(f.admin, await f.user(f.admin, undefined), {});
    assert.deepEqual(mine.items.map((k) => k.accessKeyId), [created.accessKeyId]);
    assert.equal(created.userName, "administrator");
  });
});
