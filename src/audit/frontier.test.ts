import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../kernel/index.js";
import { PartialTree, frontierRanges } from "./frontier.js";
import { CompactRange, consistencyProof, inclusionProof, leafHash, rootOf, verifyConsistency, verifyInclusion } from "./merkle.js";

const leaves = Array.from({ length: 21 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const hex = (hs: readonly Uint8Array[]): string[] => hs.map((h) => Buffer.from(h).toString("hex"));

function pruned(base: number, size: number): PartialTree {
  return new PartialTree(base, CompactRange.fromLeafHashes(leaves.slice(0, base)).nodes(), leaves.slice(base, size));
}

describe("a tree whose first leaves are known only by their frontier", () => {
  it("frontier ranges follow the set bits of the size, largest first", () => {
    assert.deepEqual(frontierRanges(0), []);
    assert.deepEqual(frontierRanges(13), [{ lo: 0, hi: 8 }, { lo: 8, hi: 12 }, { lo: 12, hi: 13 }]);
  });

  // Every base, every size after it: the same roots and the same proofs as the whole tree gives.
  for (let size = 1; size <= leaves.length; size++) {
    it(`answers as the whole tree of ${size} leaves does, whatever was pruned before`, () => {
      for (let base = 0; base < size; base++) {
        const tree = pruned(base, size);
        for (let s = Math.max(base, 1); s <= size; s++) {
          assert.deepEqual(hex([tree.root(s)]), hex([rootOf(leaves.slice(0, s))]), `root of ${s} after pruning ${base}`);
          for (let m = base; m < s; m++) {
            const proof = tree.inclusionProof(m, s);
            assert.deepEqual(hex(proof), hex(inclusionProof(leaves, m, s)), `inclusion of ${m} in ${s}, base ${base}`);
            assert.ok(verifyInclusion(leaves[m]!, m, s, proof, rootOf(leaves.slice(0, s))));
          }
          for (let m = Math.max(base, 1); m <= s; m++) {
            const proof = tree.consistencyProof(m, s);
            assert.deepEqual(hex(proof), hex(consistencyProof(leaves, m, s)), `consistency ${m} to ${s}, base ${base}`);
            assert.ok(verifyConsistency(m, s, rootOf(leaves.slice(0, m)), rootOf(leaves.slice(0, s)), proof));
          }
        }
      }
    });
  }

  const refusals: Array<[string, (t: PartialTree) => unknown]> = [
    ["an inclusion proof of a pruned leaf", (t) => t.inclusionProof(4, 12)],
    ["a consistency proof from a tree inside the pruned part", (t) => t.consistencyProof(3, 12)],
    ["the root of a tree inside the pruned part", (t) => t.root(5)],
    ["a subtree inside a frontier node", (t) => t.hash(0, 2)],
  ];
  for (const [name, ask] of refusals) {
    it(`refuses ${name} as not found`, () => {
      assert.throws(() => ask(pruned(6, 12)), (e: unknown) => isFault(e) && e.kind === "not-found");
    });
  }

  it("keeps large subtrees once computed, and grows without recomputing: the same proofs as the whole tree", () => {
    const many = Array.from({ length: 1300 }, (_, i) => leafHash(Buffer.from(`many ${i}`)));
    for (const base of [0, 300, 1024]) {
      const tree = new PartialTree(base, CompactRange.fromLeafHashes(many.slice(0, base)).nodes(), many.slice(base, 1100));
      for (const [m, s] of [[1099, 1100], [base, 1100], [base + 7, base + 61]] as const) {
        assert.deepEqual(hex(tree.inclusionProof(m, s)), hex(inclusionProof(many, m, s)), `inclusion of ${m} in ${s}, base ${base}`);
      }
      tree.extend(many.slice(1100));
      assert.equal(tree.size, 1300);
      for (const [m, s] of [[1299, 1300], [base + 3, 1300], [1100, 1101]] as const) {
        assert.deepEqual(hex(tree.inclusionProof(m, s)), hex(inclusionProof(many, m, s)), `after growing: inclusion of ${m} in ${s}, base ${base}`);
      }
      assert.deepEqual(hex(tree.consistencyProof(Math.max(base, 1), 1300)), hex(consistencyProof(many, Math.max(base, 1), 1300)));
      assert.deepEqual(hex(tree.consistencyProof(1100, 1300)), hex(consistencyProof(many, 1100, 1300)));
      assert.deepEqual(hex([tree.root()]), hex([rootOf(many)]));
    }
  });

  it("refuses a frontier of the wrong shape", () => {
    assert.throws(() => new PartialTree(6, [leaves[0]!], []), /frontier nodes/);
  });
});
