import { Fault, invalid } from "../kernel/index.js";
import { CompactRange, consistencyProofOf, inclusionProofOf, nodeHash, split } from "./merkle.js";
import type { Hash } from "./merkle.js";

const HASH_BYTES = 32;
/**
 * Subtrees up to this many leaves are hashed from their leaves when asked for; larger ones are
 * kept once computed, so after the first proof against a tree each further one costs O(log n)
 * lookups and a few small subtrees, not a pass over the whole log.
 */
const MEMO_MIN = 256;

/**
 * What is left of a log's first `size` leaves once they are pruned: the roots of the perfect
 * subtrees that cover them (the compact range, largest first). The hashes are only a claim until
 * their root equals the root of a signed checkpoint of exactly `size` leaves.
 */
export interface Frontier {
  readonly node: string;
  readonly size: number;
  readonly nodes: readonly Hash[];
}

/** The leaf ranges [lo, hi) of the frontier nodes of a tree of `size` leaves, largest first. */
export function frontierRanges(size: number): Array<{ lo: number; hi: number }> {
  const heights: number[] = [];
  for (let rest = size, h = 0; rest > 0; rest = Math.floor(rest / 2), h++) if (rest % 2 === 1) heights.unshift(h);
  let lo = 0;
  return heights.map((h) => {
    const width = 2 ** h;
    const range = { lo, hi: lo + width };
    lo += width;
    return range;
  });
}

/**
 * A log's tree when its first `base` leaves are known only by their frontier: every later root,
 * and every inclusion or consistency proof about a leaf at or after `base`, can still be made,
 * because each subtree such a proof needs either lies after `base`, straddles it (and splits into
 * parts that do not), or is exactly one of the frontier's nodes (a sibling inside the pruned part
 * has a parent inside it too, and that parent would hold the proven leaf). Anything else is
 * refused: it asks about pruned leaves.
 */
export class PartialTree {
  readonly #base: number;
  readonly #known = new Map<string, Hash>();
  /** Leaf hashes base, base+1, ..., 32 bytes each in one buffer (an object per hash would cost thrice). */
  #leaves: Buffer;
  #count = 0;
  /** Roots of subtrees of more than MEMO_MIN leaves, once computed: they never change. */
  readonly #memo = new Map<string, Hash>();

  /** `leaves` are the hashes of leaves base, base+1, ... */
  constructor(frontierSize: number, frontierNodes: readonly Hash[], leaves: readonly Hash[]) {
    // fromNodes checks the frontier's shape (one 32-byte node per set bit of the size).
    CompactRange.fromNodes(frontierSize, frontierNodes);
    this.#base = frontierSize;
    frontierRanges(frontierSize).forEach((r, i) => this.#known.set(`${r.lo}:${r.hi}`, frontierNodes[i]!));
    this.#leaves = Buffer.alloc(Math.max(1, leaves.length) * HASH_BYTES);
    this.extend(leaves);
  }

  get base(): number {
    return this.#base;
  }

  get size(): number {
    return this.#base + this.#count;
  }

  /** Appends the hashes of the next leaves (the log grew); what was computed stays valid. */
  extend(leaves: readonly Hash[]): void {
    const needed = (this.#count + leaves.length) * HASH_BYTES;
    if (needed > this.#leaves.length) {
      const grown = Buffer.alloc(Math.max(needed, this.#leaves.length * 2));
      this.#leaves.copy(grown, 0, 0, this.#count * HASH_BYTES);
      this.#leaves = grown;
    }
    for (const h of leaves) {
      if (h.length !== HASH_BYTES) throw invalid("leaves", `must be ${HASH_BYTES}-byte hashes`);
      this.#leaves.set(h, this.#count * HASH_BYTES);
      this.#count += 1;
    }
  }

  #leaf(index: number): Hash {
    const at = (index - this.#base) * HASH_BYTES;
    return new Uint8Array(this.#leaves.subarray(at, at + HASH_BYTES));
  }

  /** MTH of leaves [lo, hi). */
  hash = (lo: number, hi: number): Hash => {
    if (!(0 <= lo && lo < hi && hi <= this.size)) throw invalid("size", `must not exceed the log's size ${this.size}`);
    const key = `${lo}:${hi}`;
    const known = this.#known.get(key) ?? this.#memo.get(key);
    if (known !== undefined) return known;
    if (hi <= this.#base) throw new Fault("not-found", `leaves ${lo} to ${hi} were pruned`);
    if (lo >= this.#base && hi - lo <= MEMO_MIN) {
      const range = new CompactRange();
      for (let i = lo; i < hi; i++) range.append(this.#leaf(i));
      return range.root();
    }
    const k = split(hi - lo);
    const root = nodeHash(this.hash(lo, lo + k), this.hash(lo + k, hi));
    if (hi - lo > MEMO_MIN) this.#memo.set(key, root);
    return root;
  };

  root(size = this.size): Hash {
    if (size < this.#base) throw new Fault("not-found", `the tree of ${size} leaves lies inside the pruned part (before ${this.#base})`);
    const range = CompactRange.fromNodes(this.#base, [...this.#known.values()]);
    for (let i = this.#base; i < size; i++) range.append(this.#leaf(i));
    return range.root();
  }

  inclusionProof(index: number, size: number): Hash[] {
    if (index < this.#base) throw new Fault("not-found", `leaf ${index} was pruned`);
    return inclusionProofOf(this.hash, index, size);
  }

  /** From a tree of size m >= base (a smaller one's root is in no remaining evidence). */
  consistencyProof(m: number, n: number): Hash[] {
    if (m < this.#base) throw new Fault("not-found", `the tree of ${m} leaves lies inside the pruned part (before ${this.#base})`);
    return consistencyProofOf(this.hash, m, n);
  }
}
