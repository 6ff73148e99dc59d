import { isFault } from "../kernel/index.js";
import { leafBytes } from "./canonical.js";
import { noteHash, verifyCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { AuditEntry } from "./log.js";
import { CompactRange, leafHash } from "./merkle.js";
import { parseVerifierKey } from "./note.js";

export type LogVerdict =
  | { readonly ok: true; readonly size: number; /** Entries covered by the newest checkpoint. */ readonly checkpointed: number }
  | { readonly ok: false; readonly firstBadIndex: number; readonly reason: string };

export interface LogEvidence {
  /** One node's entries, in index order, from index 0. */
  readonly entries: readonly AuditEntry[];
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
  const entryFault = firstEntryFault(entries);
  // The damage lies in [lo, hi); an entry fault before hi is more precise (or earlier) than lo.
  const verdict = (lo: number, hi: number, reason: string): LogVerdict =>
    entryFault && entryFault.index < hi ? { ok: false, firstBadIndex: entryFault.index, reason: entryFault.reason } : { ok: false, firstBadIndex: lo, reason };

  const verifier = parseVerifierKey(evidence.verifierKey);
  const range = new CompactRange();
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
    if (cp.size > entries.length) {
      return verdict(entries.length, entries.length, `checkpoint ${j} covers ${cp.size} entries but the log holds ${entries.length}`);
    }
    while (range.size < cp.size) range.append(leafHash(entries[range.size]!.leaf));
    if (!same(range.root(), cp.root)) return verdict(good, cp.size, `the first ${cp.size} entries do not hash to checkpoint ${j}'s root`);
    good = cp.size;
    previousNote = note;
  }
  if (entryFault) return { ok: false, firstBadIndex: entryFault.index, reason: entryFault.reason };
  return { ok: true, size: entries.length, checkpointed: good };
}

function firstEntryFault(entries: readonly AuditEntry[]): { index: number; reason: string } | undefined {
  const node = entries[0]?.node;
  for (const [i, entry] of entries.entries()) {
    if (entry.node !== node) return { index: i, reason: `entry ${i} belongs to node ${entry.node}, not ${node}` };
    if (entry.index !== i) return { index: i, reason: `entry at position ${i} has index ${entry.index}` };
    if (!same(leafBytes(entry.event), entry.leaf)) return { index: i, reason: `entry ${i}'s event does not match its leaf` };
  }
  return undefined;
}
