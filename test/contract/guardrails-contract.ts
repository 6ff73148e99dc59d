import { it } from "node:test";
import assert from "node:assert/strict";
import type { GuardrailRecord, Store } from "../../src/store/index.js";
import { contractSuite, randomAlnum, rejectsWith } from "./iam-fixtures.js";

const AT = new Date("2025-07-01T10:00:00.000Z");

function record(accountId: string, extra: Partial<GuardrailRecord> = {}): GuardrailRecord {
  return {
    guardrailId: randomAlnum(12).toLowerCase(), accountId, name: `guardrail-${randomAlnum(8)}`, tags: [], sealed: new Uint8Array([1, 2, 3]),
    nextVersion: 1, createdAt: AT, updatedAt: AT, ...extra,
  };
}

const arnOf = (accountId: string, guardrailId: string): string => `arn:aws:bedrock:eu-west-2:${accountId}:guardrail/${guardrailId}`;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "bedrock:ApplyGuardrail", Resource: "*" }] });

const versionOf = (sealed: number[]) => async () => ({ name: "n", sealed: new Uint8Array(sealed), createdAt: AT });

/** Guardrails: per-account names and tokens, DRAFT replaced in place, numbered versions never reused, delete takes the versions and the resource policy. */
export function guardrailsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: guardrails`, open, (f) => {
    it("a guardrail round-trips with every field, by id and by client request token; a name is unique in its account only", async () => {
      const a = await f.account();
      const b = await f.account();
      const full = record(a, { description: "d", clientRequestToken: `tok-${randomAlnum(10)}`, tags: [{ key: "team", value: "x" }] });
      await f.store.guardrails.create(full);
      assert.deepEqual(await f.store.guardrails.get(a, full.guardrailId), full);
      assert.deepEqual(await f.store.guardrails.getByToken(a, full.clientRequestToken!), full);
      assert.equal(await f.store.guardrails.get(b, full.guardrailId), undefined);
      await rejectsWith(f.store.guardrails.create(record(a, { name: full.name })), "conflict");
      await f.store.guardrails.create(record(b, { name: full.name }));
      assert.equal(await f.store.guardrails.count(a), 1);
    });

    it("the DRAFT is replaced; versions take increasing numbers, never reused after a delete; deleting the guardrail takes them all", async () => {
      const a = await f.account();
      const g = record(a);
      await f.store.guardrails.create(g);
      const later = new Date(AT.getTime() + 1000);
      assert.equal(await f.store.guardrails.updateDraft(a, g.guardrailId, { name: "renamed", sealed: new Uint8Array([9]), updatedAt: later }), true);
      const draft = await f.store.guardrails.get(a, g.guardrailId);
      assert.deepEqual([draft?.name, [...draft!.sealed], draft?.updatedAt.toISOString()], ["renamed", [9], later.toISOString()]);
      const seen: Array<[number, number]> = [];
      const v1 = await f.store.guardrails.addVersion(a, g.guardrailId, async (d, version, existing) => (seen.push([version, existing]), versionOf([...d.sealed, 1])()));
      const v2 = await f.store.guardrails.addVersion(a, g.guardrailId, async (_d, version, existing) => (seen.push([version, existing]), versionOf([2])()));
      assert.deepEqual([v1?.version, v2?.version, seen], [1, 2, [[1, 0], [2, 1]]]);
      assert.deepEqual([...(await f.store.guardrails.getVersion(a, g.guardrailId, 1))!.sealed], [9, 1]);
      assert.equal(await f.store.guardrails.getVersion((await f.account()), g.guardrailId, 1), undefined);
      assert.equal(await f.store.guardrails.deleteVersion(a, g.guardrailId, 2), true);
      const v3 = await f.store.guardrails.addVersion(a, g.guardrailId, versionOf([3]));
      assert.equal(v3?.version, 3);
      assert.deepEqual((await f.store.guardrails.listVersions(a, g.guardrailId)).map((v) => v.version), [1, 3]);
      // A make that throws (a quota) leaves nothing behind, its number included.
      await assert.rejects(f.store.guardrails.addVersion(a, g.guardrailId, async () => { throw new Error("quota"); }));
      assert.equal((await f.store.guardrails.addVersion(a, g.guardrailId, versionOf([4])))?.version, 4);
      assert.equal(await f.store.guardrails.delete(a, g.guardrailId, arnOf(a, g.guardrailId)), true);
      assert.equal(await f.store.guardrails.get(a, g.guardrailId), undefined);
      assert.deepEqual(await f.store.guardrails.listVersions(a, g.guardrailId), []);
      assert.equal(await f.store.guardrails.addVersion(a, g.guardrailId, versionOf([5])), undefined);
    });

    it("deleting a guardrail deletes the resource policy on its ARN, counting a change; other guardrails' policies stay", async () => {
      const a = await f.account();
      const [g, other] = [record(a), record(a)];
      for (const made of [g, other]) {
        await f.store.guardrails.create(made);
        await f.store.resourcePolicies.put(arnOf(a, made.guardrailId), a, POLICY);
      }
      const before = await f.store.iam.changeCounter(a);
      assert.equal(await f.store.guardrails.delete(a, g.guardrailId, arnOf(a, g.guardrailId)), true);
      assert.equal(await f.store.resourcePolicies.get(arnOf(a, g.guardrailId)), undefined);
      assert.equal(await f.store.resourcePolicies.get(arnOf(a, other.guardrailId)), POLICY);
      assert.ok(await f.store.iam.changeCounter(a) > before, "the policy's removal counts as a change of the account");
      // Another account cannot delete the guardrail, nor so its policy.
      assert.equal(await f.store.guardrails.delete(await f.account(), other.guardrailId, arnOf(a, other.guardrailId)), false);
      assert.equal(await f.store.resourcePolicies.get(arnOf(a, other.guardrailId)), POLICY);
    });

    it("getWithVersion: the guardrail and one version in one read; no version when it is not there; nothing for another account or no guardrail", async () => {
      const a = await f.account();
      const g = record(a, { description: "d", tags: [{ key: "team", value: "x" }] });
      await f.store.guardrails.create(g);
      await f.store.guardrails.addVersion(a, g.guardrailId, async () => ({ name: "v", description: "first", sealed: new Uint8Array([7, 7]), createdAt: AT }));
      const both = await f.store.guardrails.getWithVersion(a, g.guardrailId, 1);
      assert.deepEqual(both, { record: { ...g, nextVersion: 2 }, version: await f.store.guardrails.getVersion(a, g.guardrailId, 1) });
      assert.deepEqual([...both!.version!.sealed], [7, 7]);
      assert.deepEqual(await f.store.guardrails.getWithVersion(a, g.guardrailId, 2), { record: { ...g, nextVersion: 2 } });
      assert.equal(await f.store.guardrails.getWithVersion(await f.account(), g.guardrailId, 1), undefined);
      assert.equal(await f.store.guardrails.getWithVersion(a, "nosuchguardr", 1), undefined);
      await f.store.guardrails.deleteVersion(a, g.guardrailId, 1);
      assert.equal((await f.store.guardrails.getWithVersion(a, g.guardrailId, 1))?.version, undefined);
    });

    it("tags change whole without moving the DRAFT's updatedAt; list pages in id order", async () => {
      const a = await f.account();
      const made = [record(a), record(a), record(a)];
      for (const g of made) await f.store.guardrails.create(g);
      assert.equal(await f.store.guardrails.updateTags(a, made[0]!.guardrailId, () => [{ key: "k", value: "v" }]), true);
      const tagged = await f.store.guardrails.get(a, made[0]!.guardrailId);
      assert.deepEqual([tagged?.tags, tagged?.updatedAt.toISOString()], [[{ key: "k", value: "v" }], AT.toISOString()]);
      const ids = made.map((g) => g.guardrailId).sort();
      const first = await f.store.guardrails.list(a, { limit: 2 });
      const rest = await f.store.guardrails.list(a, { after: first[1]!.guardrailId, limit: 2 });
      assert.deepEqual([...first, ...rest].map((g) => g.guardrailId), ids);
    });
  });
}
