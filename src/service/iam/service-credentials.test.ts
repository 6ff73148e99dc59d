import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../kernel/index.js";
import { LongTermKeyResolver, parseLongTermKey, serviceCredentialSecretContext } from "../identity/index.js";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";

const BEDROCK = "bedrock.amazonaws.com";
const DAY = 86_400_000;

type Ctx = IamFixture["admin"];
type Named = { readonly userName?: string };

/** The use cases as the IAM operations call them: with the user found first (the resolve step). */
const through = (f: IamFixture) => {
  const sc = f.service.serviceCredentials;
  return {
    create: async (ctx: Ctx, i: Parameters<typeof sc.create>[2]) => sc.create(ctx, await f.user(ctx, i.userName), i),
    list: async (ctx: Ctx, i: Parameters<typeof sc.list>[2]) => sc.list(ctx, i.allUsers ? undefined : await f.user(ctx, i.userName), i),
    update: async (ctx: Ctx, i: Parameters<typeof sc.update>[2] & Named) => sc.update(ctx, await f.user(ctx, i.userName), i),
    reset: async (ctx: Ctx, i: Parameters<typeof sc.reset>[2] & Named) => sc.reset(ctx, await f.user(ctx, i.userName), i),
    delete: async (ctx: Ctx, i: Parameters<typeof sc.delete>[2] & Named) => sc.delete(ctx, await f.user(ctx, i.userName), i),
  };
};

describe("service-specific credentials (Bedrock long-term API keys)", () => {
  let f: IamFixture;
  let keys: LongTermKeyResolver;
  before(async () => {
    f = await iamFixture();
    keys = new LongTermKeyResolver(f.store.serviceCredentials, f.deps.box, f.clock);
    await f.service.users.create(f.admin, { userName: "carol" });
  });
  after(async () => { await f.close(); });

  it("Create answers the key once, ABSK + base64 of alias:secret, and stores the secret only sealed to the credential", async () => {
    const created = await through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK });
    assert.match(created.credentialId, /^ACCA[A-Z2-7]{16}$/);
    assert.equal(String(created.key), "[redacted]");
    const parts = parseLongTermKey(created.key.reveal());
    assert.ok(parts);
    assert.equal(parts.alias, created.alias);
    assert.match(created.alias, /^carol-at-\d{12}-[A-Z2-7]{8}$/);
    assert.deepEqual([created.status, created.serviceName, created.userName, created.expiresAt], ["Active", BEDROCK, "carol", undefined]);
    const stored = await f.store.serviceCredentials.get(created.credentialId);
    assert.ok(stored && !Buffer.from(stored.secretCiphertext).includes(Buffer.from(parts.secret)));
    const opened = await f.deps.box.open(stored.secretCiphertext, serviceCredentialSecretContext(created.credentialId, stored));
    assert.equal(Buffer.from(opened).toString("utf8"), parts.secret);
    assert.equal((await keys.authenticate(created.key)).userName, "carol");
    await through(f).delete(f.admin, { userName: "carol", credentialId: created.credentialId });
  });

  it("CredentialAgeDays sets the expiration; the key is Expired and refused after it", async () => {
    const created = await through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK, credentialAgeDays: 3 });
    assert.equal(created.expiresAt!.getTime() - created.createdAt.getTime(), 3 * DAY);
    f.clock.advance(3 * DAY);
    const [listed] = (await through(f).list(f.admin, { userName: "carol" })).items;
    assert.equal(listed?.status, "Expired");
    await refused(keys.authenticate(created.key), "expired-token", /expired/);
    await refused(through(f).update(f.admin, { userName: "carol", credentialId: created.credentialId, status: "Expired" }), "validation", /Active or Inactive/);
    await through(f).delete(f.admin, { userName: "carol", credentialId: created.credentialId });
  });

  it("refuses what IAM refuses: other services, out-of-range ages, unknown users, a third key for a service", async () => {
    await refused(through(f).create(f.admin, { userName: "carol", serviceName: "codecommit.amazonaws.com" }), "not-found", /No such service codecommit\.amazonaws\.com/, "service-not-supported");
    for (const age of [0, 36601, 1.5]) {
      await refused(through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK, credentialAgeDays: age }), "validation", /'credentialAgeDays'/, "constraint");
    }
    await refused(through(f).create(f.admin, { userName: "nobody", serviceName: BEDROCK }), "not-found", /nobody/);
    await through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK });
    await through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK, credentialAgeDays: 36600 });
    await refused(through(f).create(f.admin, { userName: "carol", serviceName: BEDROCK }), "service-quota-exceeded", /ServiceSpecificCredentialsPerUserPerService: 2/);
  });

  it("List: the user's (or the caller's) oldest first, filtered by service, all users with AllUsers, in pages", async () => {
    const mine = await through(f).create(f.admin, { userName: "administrator", serviceName: BEDROCK });
    const carols = (await through(f).list(f.admin, { userName: "carol" })).items;
    assert.equal(carols.length, 2);
    assert.ok(carols[0]!.createdAt <= carols[1]!.createdAt);
    assert.deepEqual((await through(f).list(f.admin, {})).items.map((c) => c.credentialId), [mine.credentialId]);
    assert.deepEqual((await through(f).list(f.admin, { userName: "carol", serviceName: "codecommit.amazonaws.com" })).items, []);
    const all = await through(f).list(f.admin, { allUsers: true });
    assert.deepEqual(all.items.map((c) => c.userName).sort(), ["administrator", "carol", "carol"]);
    const first = await through(f).list(f.admin, { allUsers: true, maxItems: 2 });
    assert.equal(first.isTruncated, true);
    const rest = await through(f).list(f.admin, { allUsers: true, marker: first.marker! });
    assert.deepEqual([...first.items, ...rest.items], all.items);
    assert.deepEqual((await through(f).list(f.otherAdmin, { allUsers: true })).items, [], "another account's keys are not listed");
    await refused(through(f).list(f.admin, { allUsers: true, userName: "carol" }), "validation", /AllUsers/);
    await through(f).delete(f.admin, { credentialId: mine.credentialId });
  });

  it("Update (either way), Reset and Delete make this node forget the key at once; Reset replaces the secret", async () => {
    const [credential] = (await through(f).list(f.admin, { userName: "carol" })).items;
    const ref = { userName: "carol", credentialId: credential!.credentialId };
    f.forgotten.length = 0;
    await through(f).update(f.admin, { ...ref, status: "Inactive" });
    assert.equal((await f.store.serviceCredentials.get(ref.credentialId))?.status, "Inactive");
    await through(f).update(f.admin, { ...ref, status: "Active" });
    const reset = await through(f).reset(f.admin, ref);
    assert.equal(reset.alias, credential!.alias);
    assert.equal((await keys.authenticate(reset.key)).userName, "carol");
    await refused(keys.authenticate(sensitive(reset.key.reveal().slice(0, -8) + "AAAAAAA=")), "unrecognized-client", /invalid/);
    await through(f).delete(f.admin, ref);
    assert.deepEqual(f.forgotten, [credential!.alias, credential!.alias, credential!.alias, credential!.alias]);
    assert.equal(await f.store.serviceCredentials.get(ref.credentialId), undefined);
  });

  it("DeleteUser is refused while the user has a credential, as IAM refuses it", async () => {
    await f.service.users.create(f.admin, { userName: "dave" });
    const created = await through(f).create(f.admin, { userName: "dave", serviceName: BEDROCK });
    await refused(f.service.users.delete(f.admin, await f.user(f.admin, "dave")), "in-use", /must delete service specific credentials first/);
    await through(f).delete(f.admin, { userName: "dave", credentialId: created.credentialId });
    await f.service.users.delete(f.admin, await f.user(f.admin, "dave"));
  });

  it("credentials are found only through their own user, in the caller's account", async () => {
    const [credential] = (await through(f).list(f.admin, { userName: "carol" })).items;
    const id = credential!.credentialId;
    await refused(through(f).delete(f.admin, { userName: "administrator", credentialId: id }), "not-found", new RegExp(id));
    await refused(through(f).reset(f.otherAdmin, { credentialId: id }), "not-found", new RegExp(id));
    await refused(through(f).update(f.admin, { userName: "carol", credentialId: id, status: "Paused" }), "validation", /'status'.*enum/, "constraint");
    await refused(through(f).delete(f.admin, { userName: "carol", credentialId: "short" }), "validation", /'serviceSpecificCredentialId'/, "constraint");
  });
});
