import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Clock } from "../kernel/index.js";
import { isFault } from "../kernel/index.js";
import { DirectoryAnchor } from "./anchor.js";
import { leafBytes } from "./canonical.js";
import { Checkpointer } from "./checkpointer.js";
import type { AuditEvent } from "./event.js";
import type { Frontier } from "./frontier.js";
import type { AuditEntry, CheckpointStore, StoredCheckpoint } from "./log.js";
import { leafHash } from "./merkle.js";
import { ed25519Signer, verifierKeyString } from "./note.js";
import { pruneLog } from "./pruner.js";
import { verifyLog } from "./verify.js";

const ORIGIN = "plinth/eu-west-2/node-1";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer = ed25519Signer(ORIGIN, privateKey);
const vkey = verifierKeyString(ORIGIN, publicKey);

const event = (i: number): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2026-12-05T07:00:00Z", eventSource: "bedrock.amazonaws.com",
  eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "127.0.0.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: `r${i}`, eventID: `e${i}`, readOnly: true, eventType: "AwsApiCall", managementEvent: true,
  eventCategory: "Management", recipientAccountId: "111122223333",
});

/**
 * An in-memory log that can be pruned, its checkpoint table, and a clock the test moves. Like the
 * store, it keeps each leaf's hash beside its bytes, written once at append.
 */
function world() {
  let entries: (AuditEntry & { readonly hash: Uint8Array })[] = [];
  let size = 0;
  const frontiers: Frontier[] = [];
  const stored: StoredCheckpoint[] = [];
  let now = new Date("2026-12-01T00:00:00Z");
  const clock: Clock = { now: () => now } as Clock;
  const add = (n: number) => { for (let k = 0; k < n; k++) { const e = event(size); const leaf = leafBytes(e); entries.push({ node: "node-1", index: size++, event: e, leaf, hash: leafHash(leaf) }); } };
  const slice = (from: number, to: number) => {
    const got = entries.filter((e) => e.index >= from && e.index < to);
    if (got.length !== to - from) throw new Error("short read");
    return got;
  };
  const log = {
    size: async () => size,
    leafHashes: async (_n: string, from: number, to: number) => slice(from, to).map((e) => e.hash),
    leaves: async (_n: string, from: number, to: number) => slice(from, to).map((e) => e.leaf),
    frontier: async () => frontiers.at(-1),
    prune: async (f: Frontier) => { const before = entries.length; entries = entries.filter((e) => e.index >= f.size); frontiers.push(f); return before - entries.length; },
  };
  const checkpoints: CheckpointStore = {
    nodes: async () => [], latest: async () => stored.at(-1), add: async (c) => { stored.push(c); }, list: async () => [...stored],
    get: async (_n, size) => stored.find((c) => c.size === size),
    newestBefore: async (_n, time, below) => stored.filter((c) => c.time < time && c.size < below).at(-1) };
  return { get entries() { return entries; }, add, log, checkpoints, stored, clock, advance: (days: number) => { now = new Date(now.getTime() + days * 86_400_000); }, now: () => now };
}

describe("pruning the audit log for retention", () => {
  const dirs: string[] = [];
  after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });
  const anchorDir = async () => { const d = await mkdtemp(join(tmpdir(), "plinth-prune-")); dirs.push(d); return new DirectoryAnchor(d); };

  it("deletes the prefix under the newest checkpoint older than the retention; the rest verifies from the frontier", async () => {
    const w = world();
    const anchor = await anchorDir();
    const cp = new Checkpointer("node-1", ORIGIN, w.log, w.checkpoints, anchor, signer, w.clock);
    await cp.open();
    for (const n of [3, 4, 5]) { w.add(n); await cp.checkpoint(); w.advance(1); }  // sizes 3 (day 0), 7 (day 1), 12 (day 2)
    w.add(2);
    await cp.checkpoint();  // size 14 (day 3)
    const cutoff = (days: number) => new Date(w.now().getTime() - days * 86_400_000);
    assert.equal(await pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, cutoff(5), w.now()), undefined, "nothing is old enough");
    assert.deepEqual(await pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, cutoff(1.5), w.now()), { prunedBefore: 7, deleted: 7 });
    assert.equal(w.entries[0]!.index, 7);
    const evidence = async (days: number) => ({
      entries: w.entries, checkpoints: (await anchor.list("node-1")).map((c) => c.note), verifierKey: vkey, frontier: (await w.log.frontier())!, prunableBefore: cutoff(days),
    });
    assert.deepEqual(verifyLog(await evidence(1.5)), { ok: true, size: 14, checkpointed: 14, prunedBefore: 7 });
    // A verifier holding a longer retention than the one that pruned says so.
    const early = verifyLog(await evidence(2.5));
    assert.equal(early.ok, false);
    // Pruning again with the same retention has nothing more to do; a longer one never un-prunes.
    assert.equal(await pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, cutoff(1.5), w.now()), undefined);
    // A new checkpointer resumes from the frontier, finds the log consistent, and keeps signing.
    const again = new Checkpointer("node-1", ORIGIN, w.log, w.checkpoints, anchor, signer, w.clock);
    assert.deepEqual(await again.open(), { size: 14, consistent: true });
    w.add(1);
    w.advance(1);
    await again.checkpoint();
    assert.deepEqual(verifyLog(await evidence(1.5)), { ok: true, size: 15, checkpointed: 15, prunedBefore: 7 });
  });

  it("never deletes the newest event, even when every checkpoint is old", async () => {
    const w = world();
    const anchor = await anchorDir();
    const cp = new Checkpointer("node-1", ORIGIN, w.log, w.checkpoints, anchor, signer, w.clock);
    await cp.open();
    w.add(4);
    await cp.checkpoint();
    w.advance(30);
    assert.equal(await pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, w.now(), w.now()), undefined, "the only checkpoint covers the whole log");
    w.add(1);
    assert.deepEqual(await pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, w.now(), w.now()), { prunedBefore: 4, deleted: 4 });
  });

  it("refuses to prune a log that no longer matches its checkpoint, or a checkpoint the anchor does not hold", async () => {
    const w = world();
    const anchor = await anchorDir();
    const cp = new Checkpointer("node-1", ORIGIN, w.log, w.checkpoints, anchor, signer, w.clock);
    await cp.open();
    w.add(4);
    await cp.checkpoint();
    w.add(2);
    w.advance(30);
    const e = event(99);
    w.entries[1] = { ...w.entries[1]!, event: e, leaf: leafBytes(e), hash: leafHash(leafBytes(e)) };
    await assert.rejects(pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, w.now(), w.now()), (err: unknown) => isFault(err) && /no longer hash/.test(err.message));
    assert.equal(w.entries.length, 6, "the evidence is kept");
    await assert.rejects(pruneLog("node-1", w.log, w.checkpoints, await anchorDir(), vkey, w.now(), w.now()), /anchor does not hold/);
  });

  it("re-hashes the stored event bytes: a row edited with its old hash left beside it is caught, not pruned", async () => {
    const w = world();
    const anchor = await anchorDir();
    const cp = new Checkpointer("node-1", ORIGIN, w.log, w.checkpoints, anchor, signer, w.clock);
    await cp.open();
    w.add(4);
    await cp.checkpoint();
    w.add(2);
    w.advance(30);
    // The event's bytes are rewritten; the hash column still holds the hash of what was signed.
    const forged = { ...event(1), sourceIPAddress: "203.0.113.9" };
    w.entries[1] = { ...w.entries[1]!, event: forged, leaf: leafBytes(forged) };
    await assert.rejects(pruneLog("node-1", w.log, w.checkpoints, anchor, vkey, w.now(), w.now()), (err: unknown) => isFault(err) && /no longer hash/.test(err.message));
    assert.equal(w.entries.length, 6, "the evidence is kept");
  });
});
