import { isFault } from "../kernel/index.js";
import { leafBytes } from "./canonical.js";
import { noteHash, verifyCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { AuditEntry } from "./log.js";
import { CompactRange, leafHash } from "./merkle.js";
import { parseVerifierKey } from "./note.js";

export type LogVerdict =
  | {
    readonly ok: true;
    /** The log's size (pruned entries included). */
    readonly size: number;
    /** Entries covered by the newest checkpoint. */
    readonly checkpointed: number;
    /** Entries before this index were pruned (0: none). */
    readonly prunedBefore: number;
  }
  | { readonly ok: false; readonly firstBadIndex: number; readonly reason: string };

export interface LogEvidence {
  /** One node's entries, in index order, from index 0 or, after pruning, from the frontier's size. */
  readonly entries: readonly AuditEntry[];
  /** What pruning left of the first entries: the compact range of a tree of `size` leaves. */
  readonly frontier?: { readonly size: number; readonly nodes: readonly Uint8Array[] };
  /**
   * Pruning may remove only entries a checkpoint signed before this time covers (now minus the
   * retention); absent, no pruning is allowed and a frontier is a failure.
   */
  readonly prunableBefore?: Date;
  /** That node's checkpoint notes, oldest first (from the database and the anchor). */
  readonly checkpoints: readonly string[];
  /** The C2SP vkey that signed the checkpoints. */
  readonly verifierKey: string;
  /** The log's expected origin; defaults to the first checkpoint's. */
  readonly origin?: string;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(b);

/**
 * Checks one node's log against its signed checkpoints and names the first index that cannot be
 * trusted. Two kinds of evidence meet here: each entry on its own (index in place, leaf bytes
 * equal to the canonical form of its event) and the checkpoints (signed, chained, growing, each
 * root equal to the root over the leaves as stored). A checkpoint that fails only brackets the
 * damage to [last good checkpoint size, its size); an entry-level fault inside that bracket
 * narrows it. Entries past the newest checkpoint are covered by the entry checks alone: deleting
 * the unsigned tail is what checkpointing often (and anchoring the notes) bounds.
 */
export function verifyLog(evidence: LogEvidence): LogVerdict {
  const { entries } = evidence;
  const base = evidence.frontier?.size ?? 0;
  const entryFault = firstEntryFault(entries, base);
  // The damage lies in [lo, hi); an entry fault before hi is more precise (or earlier) than lo.
  const verdict = (lo: number, hi: number, reason: string): LogVerdict =>
    entryFault && entryFault.index < hi ? { ok: false, firstBadIndex: entryFault.index, reason: entryFault.reason } : { ok: false, firstBadIndex: lo, reason };

  const verifier = parseVerifierKey(evidence.verifierKey);
  let range: CompactRange;
  try {
    range = evidence.frontier === undefined ? new CompactRange() : CompactRange.fromNodes(base, evidence.frontier.nodes);
  } catch (e) {
    if (!isFault(e)) throw e;
    return verdict(base, base, `the frontier of the ${base} pruned entries is malformed: ${e.message}`);
  }
  const end = base + entries.length;
  // Until a signed checkpoint of exactly `base` leaves vouches for the frontier, it is only a claim.
  let frontierSigned = base === 0;
  let good = 0;
  let previousNote: string | undefined;
  let origin = evidence.origin;
  for (const [j, note] of evidence.checkpoints.entries()) {
    let cp: Checkpoint;
    try {
      cp = verifyCheckpoint(note, verifier);
    } catch (e) {
      if (!isFault(e)) throw e;
      return verdict(good, good, `checkpoint ${j}: ${e.message}`);
    }
    origin ??= cp.origin;
    if (cp.origin !== origin) return verdict(good, good, `checkpoint ${j} is for origin ${cp.origin}, not ${origin}`);
    const chained = previousNote === undefined ? cp.previous === undefined : cp.previous !== undefined && same(cp.previous, noteHash(previousNote));
    if (!chained) return verdict(good, good, `checkpoint ${j} (size ${cp.size}) does not chain to the checkpoint before it`);
    if (cp.size < good) return verdict(cp.size, cp.size, `checkpoint ${j} shrinks the log from ${good} to ${cp.size}`);
    if (cp.size > end) return verdict(end, end, `checkpoint ${j} covers ${cp.size} entries but the log holds ${end}`);
    if (cp.size > base && !frontierSigned) return verdict(0, 0, `no signed checkpoint covers exactly the ${base} pruned entries`);
    if (cp.size === base && base > 0) {
      // Signed, chained, and the frontier's root: now check that pruning them was allowed.
      if (!same(range.root(), cp.root)) return verdict(base, base, `the frontier of the ${base} pruned entries does not hash to checkpoint ${j}'s root`);
      const cutoff = evidence.prunableBefore;
      if (cutoff === undefined) return verdict(0, 0, `${base} entries were pruned but no retention allows pruning`);
      if (cp.time.getTime() > cutoff.getTime()) {
        return verdict(0, 0, `${base} entries were pruned though checkpoint ${j} signed them at ${cp.time.toISOString()}, within the retention (before ${cutoff.toISOString()})`);
      }
      frontierSigned = true;
    }
    if (cp.size >= base) {
      while (range.size < cp.size) range.append(leafHash(entries[range.size - base]!.leaf));
      if (!same(range.root(), cp.root)) return verdict(Math.max(good, base), cp.size, `the first ${cp.size} entries do not hash to checkpoint ${j}'s root`);
    }
    good = cp.size;
    previousNote = note;
  }
  if (!frontierSigned) return verdict(0, 0, `no signed checkpoint covers exactly the ${base} pruned entries`);
  if (entryFault) return { ok: false, firstBadIndex: entryFault.index, reason: entryFault.reason };
  return { ok: true, size: end, checkpointed: good, prunedBefore: base };
}

function firstEntryFault(entries: readonly AuditEntry[], base: number): { index: number; reason: string } | undefined {
  const node = entries[0]?.node;
  for (const [position, entry] of entries.entries()) {
    const i = base + position;
    if (entry.node !== node) return { index: i, reason: `entry ${i} belongs to node ${entry.node}, not ${node}` };
    if (entry.index !== i) return { index: i, reason: `entry at position ${i} has index ${entry.index}` };
    if (!same(leafBytes(entry.event), entry.leaf)) return { index: i, reason: `entry ${i}'s event does not match its leaf` };
  }
  return undefined;
}
