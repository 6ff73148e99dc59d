import { Fault } from "../kernel/index.js";
import type { CheckpointAnchor } from "./anchor.js";
import { verifyCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import type { Frontier } from "./frontier.js";
import type { CheckpointStore } from "./log.js";
import { CompactRange, leafHash } from "./merkle.js";

/** What pruning needs of the log: its leaves, its frontier, and the one write that prunes. */
export interface PrunableLog {
  size(node: string): Promise<number>;
  /**
   * The stored leaves (event bytes) of [from, to), never a short answer. Their bytes, not the
   * hashes stored beside them, are what is about to be deleted, so they are what is checked.
   */
  leaves(node: string, from: number, to: number): Promise<Uint8Array[]>;
  frontier(node: string): Promise<Frontier | undefined>;
  prune(frontier: Frontier, at: Date): Promise<number>;
}

const READ_CHUNK = 10_000;

/**
 * Retention for one node's log: deletes its oldest events in one whole prefix [0, N), where N
 * is the size of the newest anchored checkpoint signed before `cutoff` (now minus the
 * retention). Every pruned event was appended before that checkpoint was signed, so none is
 * younger than the retention, and `plinth audit verify` can check exactly that from the signed
 * time. The frontier of the pruned leaves is recomputed from their stored bytes and compared
 * with that checkpoint's root first: a log that no longer matches its checkpoint is evidence, and is not pruned. The newest
 * event always stays (a log's size is its largest index plus one).
 */
export async function pruneLog(
  node: string, log: PrunableLog, checkpoints: CheckpointStore, anchor: CheckpointAnchor, verifierKey: string, cutoff: Date, now: Date,
): Promise<{ readonly prunedBefore: number; readonly deleted: number } | undefined> {
  const previous = await log.frontier(node);
  const base = previous?.size ?? 0;
  const size = await log.size(node);
  const chosen = await checkpoints.newestBefore(node, cutoff, size);
  if (chosen === undefined || chosen.size <= base) return undefined;
  // Only a checkpoint the anchor holds, signed by this node's key, may stand for deleted events.
  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(chosen.note, verifierKey);
  } catch {
    throw new Fault("conflict", `the checkpoint of size ${chosen.size} of node ${node} does not verify: not pruning`);
  }
  if (checkpoint.size !== chosen.size || checkpoint.time.getTime() >= cutoff.getTime()) throw new Fault("conflict", `the checkpoint of size ${chosen.size} of node ${node} disagrees with its row: not pruning`);
  if (!(await anchor.holds(chosen))) throw new Fault("conflict", `the anchor does not hold the checkpoint of size ${chosen.size} of node ${node}: not pruning`);
  const range = previous === undefined ? new CompactRange() : CompactRange.fromNodes(previous.size, previous.nodes);
  for (let from = base; from < chosen.size; from += READ_CHUNK) {
    // Re-hashed here: a row whose bytes were edited with its old hash left beside it must not pass.
    for (const leaf of await log.leaves(node, from, Math.min(chosen.size, from + READ_CHUNK))) range.append(leafHash(leaf));
  }
  if (!Buffer.from(range.root()).equals(checkpoint.root)) {
    throw new Fault("conflict", `the first ${chosen.size} events of node ${node} no longer hash to their signed checkpoint: not pruning (run plinth audit verify)`);
  }
  const deleted = await log.prune({ node, size: chosen.size, nodes: range.nodes() }, now);
  return { prunedBefore: chosen.size, deleted };
}
