import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Fault, fixedClock } from "../../kernel/index.js";
import { openStore } from "../../store/index.js";
import type { EnforcedGuardrailStore, Store } from "../../store/index.js";
import type { GuardrailDirectory, ResolvedGuardrail } from "./directory.js";
import { EnforcedGuardrails, MAX_ENFORCED_CONFIGS_PER_ACCOUNT } from "./enforced.js";
import { enforcedOn, modelNames } from "./enforced-models.js";

const REGION = "eu-west-2";
const A = "111111111111";
const B = "222222222222";
const ALICE = `arn:aws:iam::${A}:user/alice`;
const AT = new Date("2026-06-01T09:00:00.000Z");
const arnOf = (account: string, id: string) => `arn:aws:bedrock:${REGION}:${account}:guardrail/${id}`;
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";

/** The control plane in memory: the listed guardrail versions exist, anything else is not found (as the port promises). */
function fakeDirectory(existing: readonly [account: string, id: string, version: string][]): GuardrailDirectory & { calls: number } {
  const directory = {
    calls: 0,
    async resolveForInference(account: string, identifier: string, version: string): Promise<ResolvedGuardrail> {
      directory.calls++;
      const id = identifier.startsWith("arn:") ? identifier.slice(identifier.lastIndexOf("/") + 1) : identifier;
      const found = identifier.startsWith("arn:") && !identifier.includes(`:${account}:`) ? undefined
        : existing.find(([a, i, v]) => a === account && i === id && v === version);
      if (!found) throw new Fault("not-found", "The guardrail named was not found", { field: "guardrailIdentifier" });
      return { arn: arnOf(account, id), guardrailId: id, version, revision: "r1", policies: { blockedInputMessaging: "no", blockedOutputsMessaging: "no" } };
    },
  };
  return directory;
}

/** A real SQLite store in a temporary directory, with accounts A and B. */
async function sqliteStore(t: TestContext): Promise<Store> {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-enforced-test-"));
  const store = await openStore({ dataDir, clock: fixedClock(AT) });
  t.after(async () => { await store.close(); await rm(dataDir, { recursive: true, force: true }); });
  for (const accountId of [A, B]) await store.identity.createAccount({ accountId, name: accountId, createdAt: AT, isManagement: false });
  return store;
}

/** Counts reads, so the tests see when the cache answers. */
function counting(store: EnforcedGuardrailStore): EnforcedGuardrailStore & { lists: number } {
  const c = {
    lists: 0,
    list: (account: string) => { c.lists++; return store.list(account); },
    get: (account: string, configId: string) => store.get(account, configId),
    create: (r: Parameters<EnforcedGuardrailStore["create"]>[0]) => store.create(r),
    update: (r: Parameters<EnforcedGuardrailStore["update"]>[0]) => store.update(r),
    delete: (account: string, configId: string) => store.delete(account, configId),
  };
  return c;
}

const kind = (k: string) => (e: unknown) => e instanceof Fault && e.kind === k;

describe("enforced guardrails: put, list, delete", () => {
  it("a put without configId creates one bound to the canonical ARN, defaults to COMPREHENSIVE, and records who and when", async (t) => {
    const store = await sqliteStore(t);
    const service = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "2"]]), REGION, fixedClock(AT));
    const made = await service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "2" });
    assert.match(made.configId, /^[a-z0-9]{12}$/);
    assert.deepEqual(await service.list(A), [{
      accountId: A, configId: made.configId, guardrailArn: arnOf(A, "g1"), guardrailId: "g1", guardrailVersion: "2",
      selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" }, createdAt: AT, createdBy: ALICE, updatedAt: AT, updatedBy: ALICE,
    }]);
    assert.deepEqual(await service.list(B), []);
  });

  it("a put with configId replaces that configuration and keeps its creation fields; an unknown configId is not found", async (t) => {
    const store = await sqliteStore(t);
    const directory = fakeDirectory([[A, "g1", "1"], [A, "g2", "3"]]);
    const made = await new EnforcedGuardrails(store.enforcedGuardrails, directory, REGION, fixedClock(AT)).put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
    const later = new Date("2026-06-02T00:00:00.000Z");
    const service = new EnforcedGuardrails(store.enforcedGuardrails, directory, REGION, fixedClock(later));
    const bob = `arn:aws:iam::${A}:user/bob`;
    const updated = await service.put(A, bob, {
      configId: made.configId, guardrailIdentifier: arnOf(A, "g2"), guardrailVersion: "3",
      selectiveContentGuarding: { system: "SELECTIVE" }, modelEnforcement: { includedModels: ["ALL"], excludedModels: [LLAMA] },
    });
    assert.deepEqual(await service.list(A), [{
      accountId: A, configId: made.configId, guardrailArn: arnOf(A, "g2"), guardrailId: "g2", guardrailVersion: "3",
      selectiveContentGuarding: { system: "SELECTIVE", messages: "COMPREHENSIVE" }, modelEnforcement: { includedModels: ["ALL"], excludedModels: [LLAMA] },
      createdAt: AT, createdBy: ALICE, updatedAt: later, updatedBy: bob,
    }]);
    assert.deepEqual(updated, (await service.list(A))[0]);
    await assert.rejects(service.put(A, bob, { configId: "nosuchconfig", guardrailIdentifier: "g1", guardrailVersion: "1" }), kind("not-found"));
    await assert.rejects(service.put(B, ALICE, { configId: made.configId, guardrailIdentifier: "g1", guardrailVersion: "1" }), kind("not-found"), "another account's configuration is none");
  });

  // [what the caller names, version, outcome]: the guardrail must exist as that numbered version, in the caller's account and region.
  const refusals: [string, string, string][] = [
    ["g1", "9", "not-found"],
    ["nosuch", "1", "not-found"],
    [arnOf(B, "g1"), "1", "validation"],
    [`arn:aws:bedrock:us-east-1:${A}:guardrail/g1`, "1", "validation"],
  ];
  for (const [identifier, version, outcome] of refusals) {
    it(`put of ${identifier} version ${version} is ${outcome} and stores nothing`, async (t) => {
      const store = await sqliteStore(t);
      const service = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"], [B, "g1", "1"]]), REGION, fixedClock(AT));
      await assert.rejects(service.put(A, ALICE, { guardrailIdentifier: identifier, guardrailVersion: version }), kind(outcome));
      assert.deepEqual(await service.list(A), []);
    });
  }

  it(`an account holds at most ${MAX_ENFORCED_CONFIGS_PER_ACCOUNT} configurations: the next is ServiceQuotaExceeded, an update still works, another account is unaffected`, async (t) => {
    const store = await sqliteStore(t);
    const service = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"], [B, "g1", "1"]]), REGION, fixedClock(AT));
    const made = [];
    for (let i = 0; i < MAX_ENFORCED_CONFIGS_PER_ACCOUNT; i++) made.push(await service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" }));
    await assert.rejects(service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" }), kind("service-quota-exceeded"));
    assert.equal((await service.list(A)).length, MAX_ENFORCED_CONFIGS_PER_ACCOUNT);
    await service.put(A, ALICE, { configId: made[0]!.configId, guardrailIdentifier: "g1", guardrailVersion: "1" });
    await service.put(B, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
  });

  it("delete removes a configuration once; an unknown or another account's configId is not found", async (t) => {
    const store = await sqliteStore(t);
    const service = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"]]), REGION, fixedClock(AT));
    const made = await service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
    await assert.rejects(service.delete(B, made.configId), kind("not-found"));
    await service.delete(A, made.configId);
    await assert.rejects(service.delete(A, made.configId), kind("not-found"));
    assert.deepEqual(await service.list(A), []);
  });
});

describe("enforced guardrails: what an inference must run", () => {
  it("selects by model, in config id order, with the canonical ARN, version and guarding modes", async (t) => {
    const store = await sqliteStore(t);
    const service = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"], [A, "g2", "4"]]), REGION, fixedClock(AT));
    const everywhere = await service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
    const haikuOnly = await service.put(A, ALICE, {
      guardrailIdentifier: "g2", guardrailVersion: "4", selectiveContentGuarding: { messages: "SELECTIVE" }, modelEnforcement: { includedModels: [HAIKU], excludedModels: [] },
    });
    const both = [everywhere, haikuOnly].sort((x, y) => x.configId.localeCompare(y.configId));
    const got = await service.forInference(A, `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`);
    assert.deepEqual(got.map((s) => s.configId), both.map((r) => r.configId));
    assert.deepEqual(got.find((s) => s.configId === haikuOnly.configId), {
      identifier: arnOf(A, "g2"), version: "4", configId: haikuOnly.configId, selective: { system: "COMPREHENSIVE", messages: "SELECTIVE" },
    });
    assert.deepEqual((await service.forInference(A, LLAMA)).map((s) => s.configId), [everywhere.configId]);
    assert.deepEqual(await service.forInference(B, HAIKU), []);
  });

  it("reads the store once per account until a put or delete, which the next inference sees", async (t) => {
    const store = await sqliteStore(t);
    const port = counting(store.enforcedGuardrails);
    const service = new EnforcedGuardrails(port, fakeDirectory([[A, "g1", "1"]]), REGION, fixedClock(AT));
    assert.deepEqual(await service.forInference(A, HAIKU), []);
    assert.deepEqual(await service.forInference(A, LLAMA), []);
    assert.equal(port.lists, 1, "the second inference was answered from memory");
    const made = await service.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
    assert.equal((await service.forInference(A, HAIKU)).length, 1, "a put is seen at once");
    await service.delete(A, made.configId);
    assert.deepEqual(await service.forInference(A, HAIKU), [], "a delete is seen at once");
  });

  it("with cacheMs (a database other nodes share), a change made elsewhere is seen once the list is that old, not before", async (t) => {
    const store = await sqliteStore(t);
    let now = AT.getTime();
    const clock = { now: () => new Date(now) };
    const here = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"]]), REGION, clock, 5_000);
    const elsewhere = new EnforcedGuardrails(store.enforcedGuardrails, fakeDirectory([[A, "g1", "1"]]), REGION, clock);
    assert.deepEqual(await here.forInference(A, HAIKU), []);
    await elsewhere.put(A, ALICE, { guardrailIdentifier: "g1", guardrailVersion: "1" });
    now += 4_999;
    assert.deepEqual(await here.forInference(A, HAIKU), [], "still the cached list");
    now += 1;
    assert.equal((await here.forInference(A, HAIKU)).length, 1, "reloaded after cacheMs");
  });

  it("a failed read is not remembered: the inference fails, and the next one reads again", async (t) => {
    const store = await sqliteStore(t);
    let fail = true;
    const flaky = counting(store.enforcedGuardrails);
    flaky.list = (account: string) => (fail ? Promise.reject(new Fault("service-unavailable", "database down")) : store.enforcedGuardrails.list(account));
    const service = new EnforcedGuardrails(flaky, fakeDirectory([]), REGION, fixedClock(AT));
    await assert.rejects(service.forInference(A, HAIKU), kind("service-unavailable"));
    fail = false;
    assert.deepEqual(await service.forInference(A, HAIKU), []);
  });
});

describe("enforced guardrails: which models a configuration covers", () => {
  const profile = `eu.${HAIKU}`;
  // [includedModels, excludedModels, model as the inference names it, covered]
  const table: [string[] | undefined, string[], string, boolean][] = [
    [undefined, [], LLAMA, true],
    [["ALL"], [], LLAMA, true],
    [[HAIKU], [], HAIKU, true],
    [[HAIKU], [], LLAMA, false],
    [[HAIKU], [], `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`, true],
    [[HAIKU], [], profile, true],
    [[HAIKU], [], `arn:aws:bedrock:${REGION}:${A}:inference-profile/${profile}`, true],
    [["ALL"], [HAIKU], HAIKU, false],
    [["ALL"], [HAIKU], profile, false],
    [[HAIKU], [HAIKU], HAIKU, false],
    [["ALL"], [HAIKU], LLAMA, true],
    [[profile], [], HAIKU, false],
  ];
  for (const [included, excluded, model, covered] of table) {
    it(`included ${JSON.stringify(included)} excluded ${JSON.stringify(excluded)}: ${model} is ${covered ? "" : "not "}covered`, () => {
      assert.equal(enforcedOn(included ? { includedModels: included, excludedModels: excluded } : undefined, model), covered);
    });
  }

  it("a profile id answers to its model too; a model id only to itself", () => {
    assert.deepEqual(modelNames(profile), [profile, HAIKU]);
    assert.deepEqual(modelNames(HAIKU), [HAIKU]);
    assert.deepEqual(modelNames("amazon.titan-embed-text-v2:0"), ["amazon.titan-embed-text-v2:0"]);
  });
});
