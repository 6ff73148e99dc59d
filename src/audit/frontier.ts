import { Fault, invalid } from "../kernel/index.js";
import { CompactRange, consistencyProofOf, inclusionProofOf, nodeHash, split } from "./merkle.js";
import type { Hash } from "./merkle.js";

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
  readonly #leaves: readonly Hash[];

  /** `leaves` are the hashes of leaves base, base+1, ... */
  constructor(frontierSize: number, frontierNodes: readonly Hash[], leaves: readonly Hash[]) {
    // fromNodes checks the frontier's shape (one 32-byte node per set bit of the size).
    CompactRange.fromNodes(frontierSize, frontierNodes);
    this.#base = frontierSize;
    frontierRanges(frontierSize).forEach((r, i) => this.#known.set(`${r.lo}:${r.hi}`, frontierNodes[i]!));
    this.#leaves = leaves;
  }

  get base(): number {
    return this.#base;
  }

  get size(): number {
    return this.#base + this.#leaves.length;
  }

  /** MTH of leaves [lo, hi). */
  hash = (lo: number, hi: number): Hash => {
    if (!(0 <= lo && lo < hi && hi <= this.size)) throw invalid("size", `must not exceed the log's size ${this.size}`);
    const known = this.#known.get(`${lo}:${hi}`);
    if (known !== undefined) return known;
    if (hi <= this.#base) throw new Fault("not-found", `leaves ${lo} to ${hi} were pruned`);
    if (lo >= this.#base) return CompactRange.fromLeafHashes(this.#leaves.slice(lo - this.#base, hi - this.#base)).root();
    const k = split(hi - lo);
    return nodeHash(this.hash(lo, lo + k), this.hash(lo + k, hi));
  };

  root(size = this.size): Hash {
    if (size < this.#base) throw new Fault("not-found", `the tree of ${size} leaves lies inside the pruned part (before ${this.#base})`);
    const range = CompactRange.fromNodes(this.#base, [...this.#known.values()]);
    for (const h of this.#leaves.slice(0, size - this.#base)) range.append(h);
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
