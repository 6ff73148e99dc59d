import { PartialTree, leafHash, parseCheckpoint, verifyConsistency, verifyInclusion } from "../audit/index.js";
import type { CheckpointAnchor } from "../audit/index.js";
import type { Store } from "../store/index.js";

export interface ProveRequest {
  readonly eventId?: string;
  readonly node?: string;
  readonly index?: number;
  readonly from?: number;
}

const b64 = (h: Uint8Array): string => Buffer.from(h).toString("base64");

/**
 * Proofs a third party can check with the checkpoint note and the verifier key alone: that an
 * event is leaf `index` of the tree the newest anchored checkpoint signs (inclusion), and that
 * an earlier tree is a prefix of it (consistency). Each proof is verified here before printing.
 */
export async function prove(store: Store, anchor: CheckpointAnchor, request: ProveRequest, out: (line: string) => void): Promise<number> {
  let node = request.node;
  let index = request.index;
  if (request.eventId !== undefined) {
    const { entries } = await store.audit.reader.lookup({ attribute: { key: "EventId", value: request.eventId }, limit: 1 });
    if (entries[0] === undefined) { out(`no event ${request.eventId}`); return 1; }
    node = entries[0].node;
    index = entries[0].index;
  }
  if (node === undefined) { out("plinth audit prove: give --event-id, or --node and --index"); return 2; }
  const checkpoints = await anchor.list(node);
  const newest = checkpoints.at(-1);
  if (newest === undefined) { out(`no anchored checkpoint for ${node}`); return 1; }
  const checkpoint = parseCheckpoint(newest.note);
  // A pruned log proves from the frontier of its pruned events; proofs about them are refused.
  const frontier = await store.audit.reader.frontier(node);
  const base = frontier?.size ?? 0;
  if (base > checkpoint.size) { out(`the newest anchored checkpoint (size ${checkpoint.size}) lies in the pruned part (the log starts at ${base})`); return 1; }
  const tree = new PartialTree(base, frontier?.nodes ?? [], await store.audit.reader.leafHashes(node, base, checkpoint.size));
  const result: Record<string, unknown> = { node, checkpoint: newest.note, treeSize: checkpoint.size, rootHash: b64(checkpoint.root) };
  let ok = true;
  if (index !== undefined) {
    if (!Number.isInteger(index) || index < 0 || index >= checkpoint.size) { out(`index ${index} is not under the newest checkpoint (size ${checkpoint.size}): wait for the next one`); return 1; }
    if (index < base) { out(`index ${index} was pruned (the log starts at ${base})`); return 1; }
    const [entry] = await store.audit.reader.range(node, index, index + 1);
    const leaf = leafHash(entry!.leaf);
    const proof = tree.inclusionProof(index, checkpoint.size);
    ok &&= verifyInclusion(leaf, index, checkpoint.size, proof, checkpoint.root);
    result["inclusion"] = { leafIndex: index, leafHash: b64(leaf), event: Buffer.from(entry!.leaf).toString("utf8"), proof: proof.map(b64) };
  }
  if (request.from !== undefined) {
    const old = checkpoints.find((c) => c.size === request.from);
    if (old === undefined) { out(`no anchored checkpoint of size ${request.from} for ${node}`); return 1; }
    if (request.from < base) { out(`the tree of ${request.from} events lies in the pruned part (the log starts at ${base})`); return 1; }
    const proof = tree.consistencyProof(request.from, checkpoint.size);
    ok &&= verifyConsistency(request.from, checkpoint.size, parseCheckpoint(old.note).root, checkpoint.root, proof);
    result["consistency"] = { fromSize: request.from, fromCheckpoint: old.note, proof: proof.map(b64) };
  }
  out(JSON.stringify(result, null, 2));
  return ok ? 0 : 1;
}
