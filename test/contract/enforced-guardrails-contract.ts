import { it } from "node:test";
import assert from "node:assert/strict";
import type { EnforcedGuardrailRecord, Store } from "../../src/store/index.js";
import { contractSuite, randomAlnum, rejectsWith } from "./iam-fixtures.js";

const T0 = new Date("2026-05-01T10:00:00.000Z");
const T1 = new Date("2026-05-02T11:30:00.123Z");

function record(accountId: string, extra: Partial<EnforcedGuardrailRecord> = {}): EnforcedGuardrailRecord {
  const guardrailId = randomAlnum(12).toLowerCase();
  return {
    accountId, configId: randomAlnum(12).toLowerCase(), guardrailArn: `arn:aws:bedrock:eu-west-2:${accountId}:guardrail/${guardrailId}`, guardrailId,
    guardrailVersion: "1", selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" },
    createdAt: T0, createdBy: `arn:aws:iam::${accountId}:user/alice`, updatedAt: T0, updatedBy: `arn:aws:iam::${accountId}:user/alice`, ...extra,
  };
}

/** Enforced guardrail configurations: per account, listed in id order, updated in place keeping their creation fields. */
export function enforcedGuardrailsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: enforced guardrails`, open, (f) => {
    it("a configuration round-trips with every field; without model enforcement the member stays absent", async () => {
      const a = await f.account();
      const full = record(a, {
        selectiveContentGuarding: { system: "SELECTIVE", messages: "COMPREHENSIVE" },
        modelEnforcement: { includedModels: ["ALL"], excludedModels: ["anthropic.claude-3-haiku-20240307-v1:0"] },
      });
      const bare = record(a);
      await f.store.enforcedGuardrails.create(full);
      await f.store.enforcedGuardrails.create(bare);
      assert.deepEqual(await f.store.enforcedGuardrails.get(a, full.configId), full);
      assert.deepEqual(await f.store.enforcedGuardrails.get(a, bare.configId), bare);
      assert.equal("modelEnforcement" in (await f.store.enforcedGuardrails.get(a, bare.configId))!, false);
    });

    it("lists the account's configurations in id order, and only the account's", async () => {
      const a = await f.account();
      const b = await f.account();
      const made = [record(a), record(a), record(a)];
      for (const r of made) await f.store.enforcedGuardrails.create(r);
      await f.store.enforcedGuardrails.create(record(b));
      assert.deepEqual((await f.store.enforcedGuardrails.list(a)).map((r) => r.configId), made.map((r) => r.configId).sort());
      assert.equal((await f.store.enforcedGuardrails.list(b)).length, 1);
      assert.equal(await f.store.enforcedGuardrails.get(b, made[0]!.configId), undefined);
      assert.equal(await f.store.enforcedGuardrails.delete(b, made[0]!.configId), false);
      assert.equal(await f.store.enforcedGuardrails.update({ ...made[0]!, accountId: b }), false);
    });

    it("an update replaces the settings but keeps who made it and when; a model list can be removed", async () => {
      const a = await f.account();
      const r = record(a, { modelEnforcement: { includedModels: ["meta.llama3-1-8b-instruct-v1:0"], excludedModels: [] } });
      await f.store.enforcedGuardrails.create(r);
      const changed: EnforcedGuardrailRecord = {
        ...record(a, { configId: r.configId, guardrailVersion: "7", selectiveContentGuarding: { system: "SELECTIVE", messages: "SELECTIVE" } }),
        createdAt: T1, createdBy: "arn:aws:iam::000000000000:user/mallory", updatedAt: T1, updatedBy: `arn:aws:iam::${a}:user/bob`,
      };
      assert.equal(await f.store.enforcedGuardrails.update(changed), true);
      assert.deepEqual(await f.store.enforcedGuardrails.get(a, r.configId), { ...changed, createdAt: r.createdAt, createdBy: r.createdBy });
      assert.equal(await f.store.enforcedGuardrails.update(record(a)), false, "an unknown id is not created by an update");
    });

    it("an id used twice in one account is a conflict; an unknown account is not found", async () => {
      const a = await f.account();
      const r = record(a);
      await f.store.enforcedGuardrails.create(r);
      await rejectsWith(f.store.enforcedGuardrails.create(record(a, { configId: r.configId })), "conflict");
      await rejectsWith(f.store.enforcedGuardrails.create(record("000000000000")), "not-found");
      const b = await f.account();
      await f.store.enforcedGuardrails.create(record(b, { configId: r.configId }));
    });

    it("delete removes it once", async () => {
      const a = await f.account();
      const r = record(a);
      await f.store.enforcedGuardrails.create(r);
      assert.equal(await f.store.enforcedGuardrails.delete(a, r.configId), true);
      assert.equal(await f.store.enforcedGuardrails.delete(a, r.configId), false);
      assert.equal(await f.store.enforcedGuardrails.get(a, r.configId), undefined);
    });
  });
}
