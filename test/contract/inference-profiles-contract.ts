import { it } from "node:test";
import assert from "node:assert/strict";
import type { InferenceProfileRecord, Store } from "../../src/store/index.js";
import { contractSuite, randomAlnum, rejectsWith } from "./iam-fixtures.js";

const SOURCE = "arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0";

function record(accountId: string, extra: Partial<InferenceProfileRecord> = {}): InferenceProfileRecord {
  return {
    profileId: randomAlnum(12).toLowerCase(), accountId, name: `profile-${randomAlnum(8)}`, sourceArn: SOURCE, tags: [],
    createdAt: new Date("2025-07-01T10:00:00.000Z"), updatedAt: new Date("2025-07-01T10:00:00.000Z"), ...extra,
  };
}

/** Application inference profiles: per-account names and tokens, paging in id order, tags changed whole. */
export function inferenceProfilesContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: inference profiles`, open, (f) => {
    it("a profile round-trips with every field, by id and by client request token; absent fields stay absent", async () => {
      const a = await f.account();
      const full = record(a, { description: "cost centre 42", clientRequestToken: `tok-${randomAlnum(10)}`, tags: [{ key: "team", value: "search" }, { key: "env", value: "" }] });
      const bare = record(a);
      await f.store.inferenceProfiles.create(full);
      await f.store.inferenceProfiles.create(bare);
      assert.deepEqual(await f.store.inferenceProfiles.get(a, full.profileId), full);
      assert.deepEqual(await f.store.inferenceProfiles.getByToken(a, full.clientRequestToken!), full);
      assert.deepEqual(await f.store.inferenceProfiles.get(a, bare.profileId), bare);
    });

    it("a profile belongs to its account: another account sees nothing, by id, token or list, and cannot delete it", async () => {
      const a = await f.account();
      const b = await f.account();
      const p = record(a, { clientRequestToken: "shared-token" });
      await f.store.inferenceProfiles.create(p);
      assert.equal(await f.store.inferenceProfiles.get(b, p.profileId), undefined);
      assert.equal(await f.store.inferenceProfiles.getByToken(b, "shared-token"), undefined);
      assert.deepEqual(await f.store.inferenceProfiles.list(b, { limit: 10 }), []);
      assert.equal(await f.store.inferenceProfiles.delete(b, p.profileId), false);
      assert.ok(await f.store.inferenceProfiles.get(a, p.profileId));
      // The same token and name are free in another account.
      await f.store.inferenceProfiles.create(record(b, { name: p.name, clientRequestToken: "shared-token" }));
    });

    it("a name or client request token used twice in one account is a conflict; an unknown account is not found", async () => {
      const a = await f.account();
      const p = record(a, { clientRequestToken: "once" });
      await f.store.inferenceProfiles.create(p);
      await rejectsWith(f.store.inferenceProfiles.create(record(a, { name: p.name })), "conflict");
      await rejectsWith(f.store.inferenceProfiles.create(record(a, { clientRequestToken: "once" })), "conflict");
      await rejectsWith(f.store.inferenceProfiles.create(record("000000000000")), "not-found");
    });

    it("lists in id order, a page at a time", async () => {
      const a = await f.account();
      const made = await Promise.all(Array.from({ length: 5 }, async () => { const r = record(a); await f.store.inferenceProfiles.create(r); return r.profileId; }));
      const sorted = [...made].sort();
      const first = await f.store.inferenceProfiles.list(a, { limit: 2 });
      assert.deepEqual(first.map((r) => r.profileId), sorted.slice(0, 2));
      const rest = await f.store.inferenceProfiles.list(a, { after: first[1]!.profileId, limit: 10 });
      assert.deepEqual(rest.map((r) => r.profileId), sorted.slice(2));
    });

    it("tags change whole in one step; a change that throws leaves them as they were; updatedAt moves", async () => {
      const a = await f.account();
      const p = record(a, { tags: [{ key: "team", value: "a" }] });
      await f.store.inferenceProfiles.create(p);
      const later = new Date("2025-08-01T00:00:00.000Z");
      assert.equal(await f.store.inferenceProfiles.updateTags(a, p.profileId, (tags) => [...tags, { key: "cost", value: "7" }], later), true);
      const after = await f.store.inferenceProfiles.get(a, p.profileId);
      assert.deepEqual(after?.tags, [{ key: "team", value: "a" }, { key: "cost", value: "7" }]);
      assert.deepEqual(after?.updatedAt, later);
      await assert.rejects(f.store.inferenceProfiles.updateTags(a, p.profileId, () => { throw new Error("too many"); }, new Date()));
      assert.deepEqual((await f.store.inferenceProfiles.get(a, p.profileId))?.tags, after?.tags);
      assert.equal(await f.store.inferenceProfiles.updateTags(a, "nosuchprofile", (t) => t, later), false);
    });

    it("delete removes it once", async () => {
      const a = await f.account();
      const p = record(a);
      await f.store.inferenceProfiles.create(p);
      assert.equal(await f.store.inferenceProfiles.delete(a, p.profileId), true);
      assert.equal(await f.store.inferenceProfiles.delete(a, p.profileId), false);
      assert.equal(await f.store.inferenceProfiles.get(a, p.profileId), undefined);
    });
  });
}
