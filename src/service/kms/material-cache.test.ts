import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MaterialCache } from "./material-cache.js";

const bytes = (n: number) => new Uint8Array(32).fill(n);

describe("MaterialCache: opened key material under tight bounds", () => {
  const cases: Array<[string, (c: MaterialCache) => Uint8Array | undefined, number | undefined]> = [
    ["a fresh entry is served", (c) => c.get("k", 1, 1_000), 1],
    ["at its maximum age it still is", (c) => c.get("k", 1, 1_000 + 60_000 - 1), 1],
    ["past its maximum age it is not", (c) => c.get("k", 1, 1_000 + 60_001), undefined],
    ["a clock moved back does not extend it", (c) => c.get("k", 1, 999), undefined],
    ["another version of the key is not served", (c) => c.get("k", 2, 1_000), undefined],
    ["a forgotten key is not served", (c) => (c.forget("k"), c.get("k", 1, 1_000)), undefined],
  ];
  for (const [name, read, expected] of cases) {
    it(name, () => {
      const cache = new MaterialCache(60_000, 4);
      cache.put("k", 1, bytes(1), 1_000);
      const got = read(cache);
      assert.equal(got === undefined ? undefined : got[0], expected);
    });
  }

  it("serves copies: zeroing what it handed out leaves the entry whole", () => {
    const cache = new MaterialCache(60_000, 4);
    cache.put("k", 1, bytes(7), 0);
    cache.get("k", 1, 0)!.fill(0);
    assert.equal(cache.get("k", 1, 0)![0], 7);
  });

  it("holds at most maxEntries, dropping the oldest and zeroing it", () => {
    const cache = new MaterialCache(60_000, 2);
    const first = bytes(1);
    cache.put("a", 1, first, 0);
    cache.put("b", 1, bytes(2), 0);
    cache.put("c", 1, bytes(3), 0);
    assert.equal(cache.size, 2);
    assert.equal(cache.get("a", 1, 0), undefined);
    assert.equal(cache.get("c", 1, 0)![0], 3);
    assert.equal(first[0], 1, "the caller's own bytes are not the cache's");
  });

  it("maxEntries 0 turns it off", () => {
    const cache = new MaterialCache(60_000, 0);
    cache.put("k", 1, bytes(1), 0);
    assert.equal(cache.get("k", 1, 0), undefined);
  });
});
