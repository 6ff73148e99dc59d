import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { CompactRange, ed25519Signer, leafBytes, leafHash, signCheckpoint, verifyCheckpoint, verifyConsistency, verifierKeyString, verifyInclusion } from "../../audit/index.js";
import type { AuditEntry, AuditEvent, CheckpointStore, Frontier, StoredCheckpoint } from "../../audit/index.js";
import { isFault } from "../../kernel/index.js";
import { AuditProofs } from "./proofs.js";
import type { ProofLog } from "./proofs.js";

const ORIGIN = "plinth/eu-west-2/node-1";
const keys = generateKeyPairSync("ed25519");
const signer = ed25519Signer(ORIGIN, keys.privateKey);
const vkey = verifierKeyString(ORIGIN, keys.publicKey);
const MINE = "111122223333";
const THEIRS = "444455556666";

const event = (i: number): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2026-12-05T07:00:00Z", eventSource: "bedrock.amazonaws.com",
  eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: `r${i}`, eventID: `e${i}`, readOnly: true, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: i % 3 === 0 ? THEIRS : MINE,
});

/** A node's log in memory, with checkpoints signed at the sizes asked for and pruning. */
function world() {
  let entries: AuditEntry[] = [];
  let frontier: Frontier | undefined;
  const stored: StoredCheckpoint[] = [];
  let reads = 0;
  const all: AuditEntry[] = [];
  const grow = (n: number) => { for (let k = 0; k < n; k++) { const i = all.length; const e = { node: "node-1", index: i, event: event(i), leaf: leafBytes(event(i)) }; all.push(e); entries.push(e); } };
  const checkpoint = () => {
    const size = all.length;
    const previousNote = stored.at(-1)?.note;
    const note = signCheckpoint({ origin: ORIGIN, size, root: CompactRange.fromLeafHashes(all.map((e) => leafHash(e.leaf))).root(), time: new Date(), ...(previousNote ? { previousNote } : {}) }, signer);
    stored.push({ node: "node-1", size, time: new Date(), note });
  };
  const prune = (size: number) => { frontier = { node: "node-1", size, nodes: CompactRange.fromLeafHashes(all.slice(0, size).map((e) => leafHash(e.leaf))).nodes() }; entries = entries.filter((e) => e.index >= size); };
  const log: ProofLog = {
    nodes: async () => ["node-1"], size: async () => all.length,
    range: async (_n, from, to) => entries.filter((e) => e.index >= from && e.index < to),
    lookup: async (q) => ({ entries: entries.filter((e) => e.event.eventID === q.attribute?.value && (q.account === undefined || e.event.recipientAccountId === q.account)) }),
    leafHashes: async (_n, from, to) => {
      const got = entries.filter((e) => e.index >= from && e.index < to);
      if (got.length !== to - from) throw Object.assign(new Error("short"), {});
      reads += got.length;
      return got.map((e) => leafHash(e.leaf));
    },
    frontier: async () => frontier,
  };
  const checkpoints: CheckpointStore = {
    nodes: async () => [],
    latest: async (n) => (n === "node-1" ? stored.at(-1) : undefined), add: async () => undefined, list: async () => [...stored],
    get: async (n, size) => stored.find((c) => n === "node-1" && c.size === size), newestBefore: async () => undefined,
  };
  return { log, checkpoints, grow, checkpoint, prune, reads: () => reads };
}

const notFound = (field: string) => (e: unknown) => isFault(e) && e.kind === "not-found" && e.detail.field === field;

describe("proofs about the trail", () => {
  it("proves the caller's events against signed checkpoints as the log grows, reading each leaf hash once", async () => {
    const w = world();
    const proofs = new AuditProofs(w.log, w.checkpoints, "node-1");
    w.grow(700);
    w.checkpoint();
    const first = await proofs.inclusion(MINE, { eventId: "e10" });
    const cp = verifyCheckpoint(first.checkpoint.note, vkey);
    assert.ok(verifyInclusion(leafHash(first.entry.leaf), 10, cp.size, first.path, cp.root));
    w.grow(500);
    w.checkpoint();
    const later = await proofs.inclusion(MINE, { leafIndex: 1100 });
    const cp2 = verifyCheckpoint(later.checkpoint.note, vkey);
    assert.ok(verifyInclusion(leafHash(later.entry.leaf), 1100, 1200, later.path, cp2.root));
    const old = await proofs.inclusion(MINE, { leafIndex: 10, treeSize: 700 });
    assert.deepEqual(old.path, first.path, "a proof against an older checkpoint from the grown tree");
    assert.equal(w.reads(), 1200, "each leaf hash read once");
    const c = await proofs.consistency({ firstTreeSize: 700 });
    assert.ok(verifyConsistency(700, 1200, cp.root, cp2.root, c.path));
  });

  it("another account's event is not found, by id and by index alike", async () => {
    const w = world();
    w.grow(10);
    w.checkpoint();
    const proofs = new AuditProofs(w.log, w.checkpoints, "node-1");
    await assert.rejects(proofs.inclusion(MINE, { eventId: "e3" }), notFound("EventId"));
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 3 }), notFound("LeafIndex"));
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 99 }), notFound("LeafIndex"));
    assert.equal((await proofs.inclusion(THEIRS, { leafIndex: 3 })).entry.index, 3);
  });

  it("an event not yet under a checkpoint, or a tree size no checkpoint signed, is refused", async () => {
    const w = world();
    w.grow(2);
    w.checkpoint();
    w.grow(2);
    w.checkpoint();
    w.grow(2);
    const proofs = new AuditProofs(w.log, w.checkpoints, "node-1");
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 5 }), notFound("TreeSize"));
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 2, treeSize: 5 }), notFound("TreeSize"));
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 2, treeSize: 2 }), (e: unknown) => isFault(e) && e.kind === "validation");
    await assert.rejects(proofs.consistency({ firstTreeSize: 4, secondTreeSize: 6 }), notFound("SecondTreeSize"));
    await assert.rejects(proofs.checkpoint({ node: "node-7" }), notFound("TreeSize"));
  });

  it("after pruning: the rest is still provable from the frontier, pruned events and trees are not found", async () => {
    const w = world();
    w.grow(600);
    w.checkpoint();
    w.grow(100);
    w.checkpoint();
    const proofs = new AuditProofs(w.log, w.checkpoints, "node-1");
    await proofs.inclusion(MINE, { leafIndex: 5 });
    w.prune(600);
    const p = await proofs.inclusion(MINE, { leafIndex: 650 });
    const cp = verifyCheckpoint(p.checkpoint.note, vkey);
    assert.ok(verifyInclusion(leafHash(p.entry.leaf), 650, 700, p.path, cp.root));
    const c = await proofs.consistency({ firstTreeSize: 600 });
    assert.ok(verifyConsistency(600, 700, verifyCheckpoint(c.first.note, vkey).root, cp.root, c.path));
    await assert.rejects(proofs.inclusion(MINE, { leafIndex: 5 }), notFound("LeafIndex"));
    await assert.rejects(proofs.inclusion(MINE, { eventId: "e5" }), notFound("EventId"));
  });
});
