import { createHash } from "node:crypto";
import { invalid } from "../kernel/index.js";

/**
 * RFC 6962 / RFC 9162 §2.1 Merkle tree hashing with SHA-256. Leaves and interior nodes are hashed
 * with distinct one-byte prefixes so that a leaf can never be passed off as a node (second
 * preimage resistance). Sizes and indices are plain numbers: halving is done by division, not
 * `>>`, so trees beyond 2^32 leaves stay correct.
 */
export type Hash = Uint8Array;

function sha256(...parts: Uint8Array[]): Hash {
  const h = createHash("sha256");
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(bytes: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, bytes);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export function emptyRoot(): Hash {
  return sha256();
}

/** The largest power of two strictly below n (n > 1): where RFC 6962 splits a tree. */
export function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** MTH(D[n]) over leaf hashes. */
export function rootOf(leafHashes: readonly Hash[]): Hash {
  if (leafHashes.length === 0) return emptyRoot();
  const range = new CompactRange();
  for (const h of leafHashes) range.append(h);
  return range.root();
}

/**
 * The right frontier of a tree: the roots of its perfect subtrees, largest first, one per set bit
 * of the size. Appending is amortised O(1) and the root O(log n), so the appender keeps one of
 * these instead of rehashing the whole log for each checkpoint.
 */
export class CompactRange {
  #size = 0;
  #nodes: { hash: Hash; height: number }[] = [];

  static fromLeafHashes(leafHashes: Iterable<Hash>): CompactRange {
    const range = new CompactRange();
    for (const h of leafHashes) range.append(h);
    return range;
  }

  /**
   * Resumes from a persisted frontier (`nodes()` of a range of `size` leaves), so a long log need
   * not be re-read at start. The caller vouches for the hashes; verifyLog is what checks them.
   */
  static fromNodes(size: number, nodes: readonly Hash[]): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw invalid("size", "must be a non-negative integer");
    const heights: number[] = [];
    for (let rest = size, h = 0; rest > 0; rest = half(rest), h++) if (odd(rest)) heights.unshift(h);
    if (nodes.length !== heights.length) throw invalid("nodes", `a range of ${size} leaves has ${heights.length} frontier nodes`);
    if (nodes.some((n) => n.length !== 32)) throw invalid("nodes", "must be 32-byte hashes");
    const range = new CompactRange();
    range.#size = size;
    range.#nodes = nodes.map((hash, i) => ({ hash, height: heights[i]! }));
    return range;
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier's hashes, largest subtree first (for persisting it instead of every leaf). */
  nodes(): Hash[] {
    return this.#nodes.map((n) => n.hash);
  }

  append(leaf: Hash): void {
    this.#nodes.push({ hash: leaf, height: 0 });
    this.#size += 1;
    // Two perfect subtrees of the same height merge into their parent, as a binary counter carries.
    for (;;) {
      const right = this.#nodes[this.#nodes.length - 1];
      const left = this.#nodes[this.#nodes.length - 2];
      if (!right || !left || left.height !== right.height) break;
      this.#nodes.splice(-2, 2, { hash: nodeHash(left.hash, right.hash), height: left.height + 1 });
    }
  }

  root(): Hash {
    const last = this.#nodes[this.#nodes.length - 1];
    if (!last) return emptyRoot();
    let root = last.hash;
    for (let i = this.#nodes.length - 2; i >= 0; i--) root = nodeHash(this.#nodes[i]!.hash, root);
    return root;
  }
}

/** The root of leaves [lo, hi) of a tree (MTH over that sublist): what proofs are made of. */
export type SubtreeHasher = (lo: number, hi: number) => Hash;

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leafHashes: readonly Hash[], index: number, size: number): Hash[] {
  if (!Number.isSafeInteger(size) || size < 1 || size > leafHashes.length) throw invalid("size", `must be between 1 and ${leafHashes.length}`);
  return inclusionProofOf((lo, hi) => rootOf(leafHashes.slice(lo, hi)), index, size);
}

/**
 * PATH(m, D[n]) over any source of subtree roots (a pruned log knows its first leaves only by
 * their frontier). Only the siblings along the path are asked for.
 */
export function inclusionProofOf(hash: SubtreeHasher, index: number, size: number): Hash[] {
  if (!Number.isSafeInteger(size) || size < 1) throw invalid("size", "must be a positive integer");
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw invalid("index", `must be between 0 and ${size - 1}`);
  return path(hash, 0, size, index);
}

function path(hash: SubtreeHasher, lo: number, hi: number, m: number): Hash[] {
  if (hi - lo <= 1) return [];
  const k = split(hi - lo);
  if (m < k) return [...path(hash, lo, lo + k, m), hash(lo + k, hi)];
  return [...path(hash, lo + k, hi, m - k), hash(lo, lo + k)];
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: that the tree of size m is a prefix of the tree of size n. */
export function consistencyProof(leafHashes: readonly Hash[], m: number, n: number): Hash[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > leafHashes.length) throw invalid("size2", `must be between 1 and ${leafHashes.length}`);
  return consistencyProofOf((lo, hi) => rootOf(leafHashes.slice(lo, hi)), m, n);
}

/** PROOF(m, D[n]) over any source of subtree roots. */
export function consistencyProofOf(hash: SubtreeHasher, m: number, n: number): Hash[] {
  if (!Number.isSafeInteger(n) || n < 1) throw invalid("size2", "must be a positive integer");
  if (!Number.isSafeInteger(m) || m < 1 || m > n) throw invalid("size1", `must be between 1 and ${n}`);
  return subproof(hash, 0, n, m, true);
}

function subproof(hash: SubtreeHasher, lo: number, hi: number, m: number, whole: boolean): Hash[] {
  const n = hi - lo;
  if (m === n) return whole ? [] : [hash(lo, hi)];
  const k = split(n);
  if (m <= k) return [...subproof(hash, lo, lo + k, m, whole), hash(lo + k, hi)];
  return [...subproof(hash, lo + k, hi, m - k, false), hash(lo, lo + k)];
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b);
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) (fn = half(fn)), (sn = half(sn));
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of size1 with root1 is a prefix of the tree of
 * size2 with root2? As transparency-dev/merkle does, a proof from the empty tree is refused: it
 * proves nothing.
 */
export function verifyConsistency(size1: number, size2: number, root1: Hash, root2: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (proof.length === 0) return false;
  // A power-of-two first tree is a node of the second, so its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) (fn = half(fn)), (sn = half(sn));
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) (fn = half(fn)), (sn = half(sn));
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}
