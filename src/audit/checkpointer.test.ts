import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fixedClock } from "../kernel/index.js";
import { DirectoryAnchor } from "./anchor.js";
import { leafBytes } from "./canonical.js";
import { verifyCheckpoint } from "./checkpoint.js";
import { Checkpointer } from "./checkpointer.js";
import type { AuditEvent } from "./event.js";
import type { AuditEntry, CheckpointStore, StoredCheckpoint } from "./log.js";
import { leafHash } from "./merkle.js";
import { ed25519Signer, verifierKeyString } from "./note.js";
import { verifyLog } from "./verify.js";

const ORIGIN = "plinth/eu-west-2/node-1";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer = ed25519Signer(ORIGIN, privateKey);
const vkey = verifierKeyString(ORIGIN, publicKey);

function event(i: number): AuditEvent {
  return {
    eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2026-12-05T07:00:00Z", eventSource: "bedrock.amazonaws.com",
    eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "127.0.0.1", requestParameters: null, responseElements: null,
    additionalEventData: {}, requestID: `r${i}`, eventID: `e${i}`, readOnly: true, eventType: "AwsApiCall", managementEvent: true,
    eventCategory: "Management", recipientAccountId: "111122223333",
  };
}

/** An in-memory log and checkpoint table: the checkpointer's ports, nothing of a database. */
function world() {
  const entries: AuditEntry[] = [];
  const stored: StoredCheckpoint[] = [];
  const add = (n: number) => { for (let k = 0; k < n; k++) { const e = event(entries.length); entries.push({ node: "node-1", index: entries.length, event: e, leaf: leafBytes(e) }); } };
  const leaves = {
    size: async () => entries.length,
    leafHashes: async (_n: string, from: number, to: number) => entries.slice(from, to).map((e) => leafHash(e.leaf)),
  };
  const checkpoints: CheckpointStore = {
    nodes: async () => [],
    latest: async () => stored.at(-1), add: async (c) => { stored.push(c); }, list: async () => [...stored],
    get: async () => undefined, newestBefore: async () => undefined,
  };
  return { entries, stored, add, leaves, checkpoints };
}

describe("the checkpointer", () => {
  const dirs: string[] = [];
  after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });
  const anchorDir = async () => { const d = await mkdtemp(join(tmpdir(), "plinth-anchor-")); dirs.push(d); return new DirectoryAnchor(d); };

  it("signs a chain of checkpoints as the log grows, skips when it did not, and the anchor holds the same notes", async () => {
    const w = world();
    const anchor = await anchorDir();
    const cp = new Checkpointer("node-1", ORIGIN, w.leaves, w.checkpoints, anchor, signer, fixedClock(new Date("2026-12-05T07:00:00Z")));
    assert.deepEqual(await cp.open(), { size: 0, consistent: true });
    await cp.checkpoint();
    w.add(3);
    await cp.checkpoint();
    await cp.checkpoint();
    w.add(5);
    await cp.checkpoint();
    assert.deepEqual(w.stored.map((c) => c.size), [0, 3, 8]);
    for (const c of w.stored) verifyCheckpoint(c.note, vkey);
    assert.deepEqual((await anchor.list("node-1")).map((c) => c.note), w.stored.map((c) => c.note));
    assert.deepEqual(verifyLog({ entries: w.entries, checkpoints: w.stored.map((c) => c.note), verifierKey: vkey }), { ok: true, size: 8, checkpointed: 8, prunedBefore: 0 });
  });

  it("on reopening, continues the chain, and says when the stored log no longer matches its newest checkpoint", async () => {
    const w = world();
    const clock = fixedClock(new Date("2026-12-05T07:00:00Z"));
    const first = new Checkpointer("node-1", ORIGIN, w.leaves, w.checkpoints, await anchorDir(), signer, clock);
    await first.open();
    w.add(4);
    await first.checkpoint();
    const again = new Checkpointer("node-1", ORIGIN, w.leaves, w.checkpoints, await anchorDir(), signer, clock);
    assert.deepEqual(await again.open(), { size: 4, consistent: true });
    w.add(1);
    await again.checkpoint();
    assert.equal(verifyLog({ entries: w.entries, checkpoints: w.stored.map((c) => c.note), verifierKey: vkey }).ok, true);

    // Rewrite one stored event (its leaf with it): the next start notices.
    const forged = { ...event(99), requestID: "forged" };
    w.entries[2] = { ...w.entries[2]!, event: forged, leaf: leafBytes(forged) };
    const third = new Checkpointer("node-1", ORIGIN, w.leaves, w.checkpoints, await anchorDir(), signer, clock);
    assert.deepEqual(await third.open(), { size: 5, consistent: false });
  });
});
