import type { Clock } from "../kernel/index.js";
import type { CheckpointAnchor } from "./anchor.js";
import type { Frontier } from "./frontier.js";
import { parseCheckpoint, signCheckpoint } from "./checkpoint.js";
import type { CheckpointStore } from "./log.js";
import { CompactRange } from "./merkle.js";
import type { NoteSigner } from "./note.js";

/** What the checkpointer reads of one node's log: its size and its leaf hashes. */
export interface LeafSource {
  size(node: string): Promise<number>;
  leafHashes(node: string, from: number, to: number): Promise<Uint8Array[]>;
  /** After pruning, what stands for the first leaves (absent: the log was never pruned). */
  frontier?(node: string): Promise<Frontier | undefined>;
}

/** How many leaf hashes are read at a time when catching up (bounded memory at start-up). */
const READ_CHUNK = 10_000;

/**
 * Signs checkpoints of one node's log: the tree size, its root, the time, and the hash of the
 * previous checkpoint, as a C2SP signed note, kept in the database and written to the anchor
 * outside it. The tree is kept as a compact range, so a checkpoint costs O(log n) plus the new
 * leaves. At start it recomputes the root the newest stored checkpoint claims: a database
 * rewritten under it is found then, not only by an offline verify.
 */
export class Checkpointer {
  #range = new CompactRange();
  #previousNote: string | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly node: string,
    private readonly origin: string,
    private readonly leaves: LeafSource,
    private readonly checkpoints: CheckpointStore,
    private readonly anchor: CheckpointAnchor,
    private readonly signer: NoteSigner,
    private readonly clock: Clock,
  ) {}

  /** Rebuilds the tree from the stored leaves and checks the newest checkpoint against it. */
  async open(): Promise<{ readonly size: number; readonly consistent: boolean }> {
    const latest = await this.checkpoints.latest(this.node);
    const size = await this.leaves.size(this.node);
    let consistent = true;
    // A pruned log resumes from its frontier; its root is checked below like any other.
    const frontier = await this.leaves.frontier?.(this.node);
    if (frontier !== undefined) this.#range = CompactRange.fromNodes(frontier.size, frontier.nodes);
    if (latest !== undefined && latest.size === this.#range.size) consistent = sameRoot(latest.note, this.#range.root());
    for (let from = this.#range.size; from < size; from += READ_CHUNK) {
      for (const hash of await this.leaves.leafHashes(this.node, from, Math.min(size, from + READ_CHUNK))) {
        this.#range.append(hash);
        if (latest !== undefined && this.#range.size === latest.size) consistent = sameRoot(latest.note, this.#range.root());
      }
    }
    // A newest checkpoint older than the pruning point cannot be: pruning waits for a checkpoint.
    if (latest !== undefined && (latest.size > size || latest.size < (frontier?.size ?? 0))) consistent = false;
    this.#previousNote = latest?.note;
    return { size, consistent };
  }

  /** Signs a checkpoint when the log grew since the last one (one at a time). */
  checkpoint(): Promise<void> {
    this.#running = this.#running.then(() => this.#checkpoint(), () => this.#checkpoint());
    return this.#running;
  }

  async #checkpoint(): Promise<void> {
    const size = await this.leaves.size(this.node);
    const first = this.#previousNote === undefined;
    if (size <= this.#range.size && !first) return;
    for (let from = this.#range.size; from < size; from += READ_CHUNK) {
      for (const hash of await this.leaves.leafHashes(this.node, from, Math.min(size, from + READ_CHUNK))) this.#range.append(hash);
    }
    const time = this.clock.now();
    const note = signCheckpoint({
      origin: this.origin, size: this.#range.size, root: this.#range.root(), time,
      ...(this.#previousNote === undefined ? {} : { previousNote: this.#previousNote }),
    }, this.signer);
    const stored = { node: this.node, size: this.#range.size, time, note };
    // The anchor first: a checkpoint the database holds but the anchor does not would be one an
    // attacker with the database alone could have written.
    await this.anchor.write(stored);
    await this.checkpoints.add(stored);
    this.#previousNote = note;
  }
}

function sameRoot(note: string, root: Uint8Array): boolean {
  return Buffer.from(parseCheckpoint(note).root).equals(Buffer.from(root));
}
