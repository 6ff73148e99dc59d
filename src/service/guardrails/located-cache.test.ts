import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LocatedGuardrail } from "./directory.js";
import { LOCATED_MAX_AGE_MS, LocatedCache, forgettingWrites } from "./located-cache.js";
import type { GuardrailStore } from "../../store/index.js";

const located = (guardrailId: string, version: string, sealed = true): LocatedGuardrail => ({
  accountId: "111111111111", arn: `arn:aws:bedrock:eu-west-2:111111111111:guardrail/${guardrailId}`, guardrailId, version,
  tags: [{ key: "team", value: "a" }], ...(sealed ? { sealed: new Uint8Array([1, 2, 3]), revision: version } : {}),
});

describe("the guardrail rows kept between guarded calls", () => {
  it("serve for less than their age limit, then are read again", () => {
    let now = 1_000;
    const cache = new LocatedCache(() => now);
    cache.put(located("g1", "1"), now, cache.generation);
    assert.equal(cache.get("111111111111", "g1", "1")?.version, "1");
    now += LOCATED_MAX_AGE_MS - 1;
    assert.ok(cache.get("111111111111", "g1", "1"));
    now += 1;
    assert.equal(cache.get("111111111111", "g1", "1"), undefined);
    assert.equal(cache.size, 0);
  });

  it("a clock that goes back does not make an entry live longer", () => {
    let now = 10_000;
    const cache = new LocatedCache(() => now);
    cache.put(located("g1", "1"), now, cache.generation);
    now -= 5;
    assert.equal(cache.get("111111111111", "g1", "1"), undefined);
  });

  it("keeps only versions that exist", () => {
    const cache = new LocatedCache(() => 0);
    cache.put(located("g1", "9", false), 0, cache.generation);
    assert.equal(cache.size, 0);
  });

  it("forgets every version of one guardrail, and only that guardrail's", () => {
    const cache = new LocatedCache(() => 0);
    for (const [g, v] of [["g1", "1"], ["g1", "DRAFT"], ["g10", "1"], ["g2", "1"]] as const) cache.put(located(g, v), 0, cache.generation);
    cache.forget("111111111111", "g1");
    assert.equal(cache.get("111111111111", "g1", "1"), undefined);
    assert.equal(cache.get("111111111111", "g1", "DRAFT"), undefined);
    // "g1" is a prefix of "g10": the separator keeps them apart.
    assert.ok(cache.get("111111111111", "g10", "1"));
    assert.ok(cache.get("111111111111", "g2", "1"));
  });

  it("does not keep rows read while a change was being made (read began before the forget, ended after)", () => {
    const cache = new LocatedCache(() => 0);
    const generation = cache.generation;
    cache.forget("111111111111", "g1");
    const answered = cache.put(located("g1", "1"), 0, generation);
    assert.equal(answered.version, "1");
    assert.equal(cache.get("111111111111", "g1", "1"), undefined);
  });

  it("hands every caller a frozen copy: no request can change another's tags", () => {
    const cache = new LocatedCache(() => 0);
    const kept = cache.put(located("g1", "1"), 0, cache.generation);
    assert.throws(() => { (kept.tags as { key: string; value: string }[]).push({ key: "x", value: "y" }); });
    assert.throws(() => { (kept.tags[0] as { value: string }).value = "b"; });
    assert.throws(() => { (kept as { version: string }).version = "2"; });
  });

  it("is bounded in bytes too: large configurations push the oldest out, one too large is not kept", () => {
    const cache = new LocatedCache(() => 0);
    const big = (id: string, bytes: number): LocatedGuardrail => ({ ...located(id, "1"), sealed: new Uint8Array(bytes) });
    for (let i = 0; i < 5; i++) cache.put(big(`b${i}`, 10 * 1024 * 1024), 0, cache.generation);
    assert.equal(cache.size, 3);
    assert.equal(cache.sealedBytes, 30 * 1024 * 1024);
    assert.equal(cache.get("111111111111", "b0", "1"), undefined);
    assert.ok(cache.get("111111111111", "b4", "1"));
    cache.put(big("huge", 33 * 1024 * 1024), 0, cache.generation);
    assert.equal(cache.get("111111111111", "huge", "1"), undefined);
    cache.forget("111111111111", "b4");
    assert.equal(cache.sealedBytes, 20 * 1024 * 1024);
  });

  it("is bounded: the oldest entries go first", () => {
    const cache = new LocatedCache(() => 0);
    for (let i = 0; i < 1_100; i++) cache.put(located(`g${i}`, "1"), 0, cache.generation);
    assert.equal(cache.size, 1_024);
    assert.equal(cache.get("111111111111", "g0", "1"), undefined);
    assert.ok(cache.get("111111111111", "g1099", "1"));
  });

  it("the store's writes tell of the change, also when they fail; its reads do not", async () => {
    const told: string[] = [];
    const fail = async (): Promise<never> => { throw new Error("disk"); };
    const store = {
      create: async () => undefined, get: async () => undefined, getByToken: async () => undefined, count: async () => 0, list: async () => [],
      getVersion: async () => undefined, getWithVersion: async () => undefined, listVersions: async () => [],
      updateDraft: async () => true, addVersion: fail, deleteVersion: async () => false, delete: async () => true, updateTags: async () => true,
    } as unknown as GuardrailStore;
    const watched = forgettingWrites(store, (a, g) => told.push(`${a}/${g}`));
    await watched.get("a", "g0");
    await watched.getWithVersion("a", "g0", 1);
    await watched.updateDraft("a", "g1", {} as never);
    await assert.rejects(watched.addVersion("a", "g2", async () => ({}) as never));
    await watched.deleteVersion("a", "g3", 1);
    await watched.delete("a", "g4", "arn:aws:bedrock:eu-west-2:a:guardrail/g4");
    await watched.updateTags("a", "g5", (t) => t);
    assert.deepEqual(told, ["a/g1", "a/g2", "a/g3", "a/g4", "a/g5"]);
  });
});
