import { Fault, isFault } from "../../kernel/index.js";
import { PartialTree, parseCheckpoint } from "../../audit/index.js";
import type { AuditEntry, AuditReader, CheckpointStore, Frontier, Hash, StoredCheckpoint } from "../../audit/index.js";

/** What proofs read of the log: entries, leaf hashes, and the frontier of what was pruned. */
export interface ProofLog extends AuditReader {
  leafHashes(node: string, from: number, to: number): Promise<Uint8Array[]>;
  frontier(node: string): Promise<Frontier | undefined>;
}

export interface CheckpointRequest {
  readonly node?: string;
  readonly treeSize?: number;
}

export interface InclusionRequest {
  readonly eventId?: string;
  readonly node?: string;
  readonly leafIndex?: number;
  readonly treeSize?: number;
}

export interface ConsistencyRequest {
  readonly node?: string;
  readonly firstTreeSize: number;
  readonly secondTreeSize?: number;
}

export interface SignedCheckpoint {
  readonly node: string;
  readonly treeSize: number;
  readonly rootHash: Hash;
  readonly time: Date;
  /** The whole C2SP signed note: what a client verifies with the key ListPublicKeys gives. */
  readonly note: string;
}

export interface InclusionProof {
  readonly checkpoint: SignedCheckpoint;
  readonly entry: AuditEntry;
  readonly path: readonly Hash[];
}

export interface ConsistencyProof {
  readonly first: SignedCheckpoint;
  readonly second: SignedCheckpoint;
  readonly path: readonly Hash[];
}

const notFound = (field: string, message: string): Fault => new Fault("not-found", message, { field });

/**
 * Proofs about the trail (RFC 6962 inclusion and consistency, against signed checkpoints), so a
 * client need not trust the operator's answers: it checks the checkpoint's signature with the key
 * ListPublicKeys gives and the proof against the checkpoint's root.
 *
 * The log is one per node and shared by every account, so what a proof reveals matters. An
 * inclusion proof is given only for the caller's own events (another account's event is "not
 * found", by id or by index alike, so ids cannot be probed); its path holds hashes of subtrees,
 * from which no event can be recovered (each leaf holds a random event id). Checkpoints and
 * consistency proofs hold only sizes and hashes: they show every caller how many events the node
 * has recorded, as a Certificate Transparency log shows its size, and nothing about whose.
 */
export class AuditProofs {
  readonly #trees = new Map<string, PartialTree>();
  readonly #turns = new Map<string, Promise<void>>();

  constructor(private readonly log: ProofLog, private readonly checkpoints: CheckpointStore, private readonly defaultNode: string) {}

  async checkpoint(request: CheckpointRequest): Promise<SignedCheckpoint> {
    const node = request.node ?? this.defaultNode;
    return this.#signed(node, request.treeSize, "TreeSize");
  }

  async inclusion(accountId: string, request: InclusionRequest): Promise<InclusionProof> {
    const entry = await this.#ownEntry(accountId, request);
    const checkpoint = await this.#signed(entry.node, request.treeSize, "TreeSize");
    if (entry.index >= checkpoint.treeSize) {
      // Only a checkpoint signed after the event was recorded can include it.
      const message = request.treeSize === undefined
        ? `the event is not yet under a signed checkpoint (the newest covers ${checkpoint.treeSize} events): retry after the next`
        : `TreeSize must be greater than the event's leaf index ${entry.index}`;
      throw new Fault(request.treeSize === undefined ? "not-found" : "validation", message, { field: "TreeSize" });
    }
    const tree = await this.#tree(entry.node, checkpoint.treeSize);
    return { checkpoint, entry, path: tree.inclusionProof(entry.index, checkpoint.treeSize) };
  }

  async consistency(request: ConsistencyRequest): Promise<ConsistencyProof> {
    const node = request.node ?? this.defaultNode;
    const second = await this.#signed(node, request.secondTreeSize, "SecondTreeSize");
    if (request.firstTreeSize > second.treeSize) throw new Fault("validation", `FirstTreeSize must not exceed SecondTreeSize (${second.treeSize})`, { field: "FirstTreeSize" });
    const first = await this.#signed(node, request.firstTreeSize, "FirstTreeSize");
    const tree = await this.#tree(node, second.treeSize);
    if (first.treeSize < tree.base) throw notFound("FirstTreeSize", `the tree of ${first.treeSize} events lies in the part of the log pruned for retention (it starts at ${tree.base})`);
    return { first, second, path: tree.consistencyProof(first.treeSize, second.treeSize) };
  }

  async #ownEntry(accountId: string, request: InclusionRequest): Promise<AuditEntry> {
    if (request.eventId !== undefined) {
      const { entries } = await this.log.lookup({ attribute: { key: "EventId", value: request.eventId }, account: accountId, limit: 1 });
      const entry = entries[0];
      if (entry === undefined) throw notFound("EventId", "no event with this EventId in your account's trail");
      return entry;
    }
    const node = request.node ?? this.defaultNode;
    const index = request.leafIndex!;
    const [entry] = await this.log.range(node, index, index + 1);
    // Another account's event, a pruned one and a missing one are all the same answer.
    if (entry === undefined || entry.event.recipientAccountId !== accountId) throw notFound("LeafIndex", `no event at this LeafIndex of node ${node} in your account's trail`);
    return entry;
  }

  async #signed(node: string, size: number | undefined, field: string): Promise<SignedCheckpoint> {
    const stored: StoredCheckpoint | undefined = size === undefined ? await this.checkpoints.latest(node) : await this.checkpoints.get(node, size);
    if (stored === undefined) {
      throw notFound(field, size === undefined ? `node ${node} has no signed checkpoint` : `node ${node} has no signed checkpoint of ${size} events`);
    }
    const parsed = parseCheckpoint(stored.note);
    return { node, treeSize: parsed.size, rootHash: parsed.root, time: parsed.time, note: stored.note };
  }

  /**
   * The node's tree covering at least `size` leaves. One tree per node is kept and grown as the
   * log grows (reading only the new leaf hashes), so proofs against the newest checkpoint do not
   * each read the whole log; it is rebuilt when pruning moves the frontier. It holds 32 bytes per
   * event since the frontier: the retention bounds it. Requests for one node take turns, so two
   * never grow the same tree at once.
   */
  #tree(node: string, size: number): Promise<PartialTree> {
    const turn = (this.#turns.get(node) ?? Promise.resolve()).then(() => this.#grow(node, size));
    this.#turns.set(node, turn.then(() => undefined, () => undefined));
    return turn;
  }

  async #grow(node: string, size: number): Promise<PartialTree> {
    for (let attempt = 0; ; attempt++) {
      const frontier = await this.log.frontier(node);
      const base = frontier?.size ?? 0;
      if (base > size) throw notFound("TreeSize", `the tree of ${size} events lies in the part of the log pruned for retention (it starts at ${base})`);
      try {
        let tree = this.#trees.get(node);
        if (tree === undefined || tree.base !== base) {
          this.#trees.delete(node);
          tree = new PartialTree(base, frontier?.nodes ?? [], []);
        }
        if (tree.size < size) tree.extend(await this.log.leafHashes(node, tree.size, size));
        this.#trees.set(node, tree);
        return tree;
      } catch (e) {
        // Pruning between reading the frontier and the leaves: once more, from the new frontier.
        if (attempt > 0 || !isFault(e) || e.kind !== "validation") throw e;
      }
    }
  }
}
