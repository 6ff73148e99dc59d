import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { leafBytes } from "./canonical.js";
import { signCheckpoint } from "./checkpoint.js";
import type { AuditEvent } from "./event.js";
import type { AuditEntry } from "./log.js";
import { CompactRange, leafHash, rootOf } from "./merkle.js";
import { ed25519Signer, verifierKeyString } from "./note.js";
import { verifyLog } from "./verify.js";
import type { LogEvidence } from "./verify.js";

const origin = "plinth/eu-west-1/node-a";
const keys = generateKeyPairSync("ed25519");
const signer = ed25519Signer(origin, keys.privateKey);
const verifierKey = verifierKeyString(origin, keys.publicKey);

const event = (i: number, note = ""): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "IAMUser", principalId: `AIDA${i}`, accountId: "111122223333" },
  eventTime: `2026-12-05T07:00:${String(i).padStart(2, "0")}Z`, eventSource: "bedrock.amazonaws.com", eventName: "Converse",
  awsRegion: "eu-west-1", sourceIPAddress: "192.0.2.1", requestParameters: { modelId: `model-${i}` }, responseElements: null,
  additionalEventData: {}, requestID: `req-${i}${note}`, eventID: `evt-${i}`, readOnly: false, eventType: "AwsApiCall",
  managementEvent: false, eventCategory: "Data", recipientAccountId: "111122223333",
});
const entry = (index: number, ev: AuditEvent): AuditEntry => ({ node: "node-a", index, event: ev, leaf: leafBytes(ev) });
const N = 12;
const log = Array.from({ length: N }, (_, i) => entry(i, event(i)));
const hashes = log.map((e) => leafHash(e.leaf));
/** Checkpoint of size s is signed at 07:01:s. */
function checkpoints(sizes: number[]): string[] {
  const notes: string[] = [];
  for (const size of sizes) {
    const previousNote = notes.at(-1);
    notes.push(signCheckpoint({ origin, size, root: rootOf(hashes.slice(0, size)), time: new Date(Date.UTC(2026, 11, 5, 7, 1, size)), ...(previousNote ? { previousNote } : {}) }, signer));
  }
  return notes;
}
const sparse = checkpoints([4, 8, 12]);
const dense = checkpoints(Array.from({ length: N }, (_, i) => i + 1));
const frontier = (size: number): { size: number; nodes: Uint8Array[] } => ({ size, nodes: CompactRange.fromLeafHashes(hashes.slice(0, size)).nodes() });
const late = new Date("2026-12-05T08:00:00Z");
/** The log pruned before index 4 at the checkpoint of size 4, as the pruner leaves it. */
const pruned: LogEvidence = { entries: log.slice(4), frontier: frontier(4), checkpoints: sparse, verifierKey, prunableBefore: late };
const renumber = (entries: AuditEntry[], from: number): AuditEntry[] => entries.map((e, i) => ({ ...e, index: from + i }));
const changed = (i: number, leafToo: boolean) => (e: AuditEntry): AuditEntry => (e.index === i ? { ...e, event: event(i, "x"), leaf: leafToo ? leafBytes(event(i, "x")) : e.leaf } : e);

describe("verifying a log after pruning, from the frontier of the pruned entries", () => {
  it("an untampered pruned log verifies from its frontier, with sparse or dense checkpoints", () => {
    assert.deepEqual(verifyLog(pruned), { ok: true, size: N, checkpointed: N, prunedBefore: 4 });
    assert.deepEqual(verifyLog({ ...pruned, entries: log.slice(5), frontier: frontier(5), checkpoints: dense }), { ok: true, size: N, checkpointed: N, prunedBefore: 5 });
    assert.deepEqual(verifyLog({ ...pruned, entries: log.slice(8), frontier: frontier(8) }), { ok: true, size: N, checkpointed: N, prunedBefore: 8 });
  });

  const cases: Array<{ name: string; change: Partial<LogEvidence>; firstBadIndex: number }> = [
    { name: "a remaining event's bytes changed, its leaf left alone", change: { entries: log.slice(4).map(changed(5, false)) }, firstBadIndex: 5 },
    { name: "a remaining event and its leaf changed (dense checkpoints)", change: { entries: log.slice(4).map(changed(5, true)), checkpoints: dense, frontier: frontier(4) }, firstBadIndex: 5 },
    { name: "a remaining event and its leaf changed (sparse checkpoints)", change: { entries: log.slice(4).map(changed(9, true)) }, firstBadIndex: 8 },
    { name: "a remaining event deleted", change: { entries: log.slice(4).filter((e) => e.index !== 6) }, firstBadIndex: 6 },
    { name: "a remaining event deleted and the rest renumbered", change: { entries: renumber(log.slice(4).filter((e) => e.index !== 6), 4), checkpoints: dense }, firstBadIndex: 6 },
    { name: "an event inserted and the rest renumbered", change: { entries: renumber([...log.slice(4, 7), entry(0, event(99)), ...log.slice(7)], 4), checkpoints: dense }, firstBadIndex: 7 },
    { name: "two remaining events reordered", change: { entries: renumber([log[4]!, log[6]!, log[5]!, ...log.slice(7)], 4), checkpoints: dense }, firstBadIndex: 5 },
    { name: "the tail truncated below the newest checkpoint", change: { entries: log.slice(4, 10) }, firstBadIndex: 10 },
    { name: "a forged frontier (one node rewritten)", change: { frontier: { size: 4, nodes: [new Uint8Array(32).fill(7)] } }, firstBadIndex: 4 },
    { name: "a frontier of the wrong shape", change: { frontier: { size: 4, nodes: [] } }, firstBadIndex: 4 },
    { name: "a frontier at a size no checkpoint signed", change: { entries: log.slice(5), frontier: frontier(5) }, firstBadIndex: 0 },
    { name: "more entries deleted than the frontier covers", change: { entries: log.slice(6) }, firstBadIndex: 4 },
    { name: "the frontier dropped (the log starts past index 0 with no frontier)", change: { frontier: undefined } as unknown as Partial<LogEvidence>, firstBadIndex: 0 },
    { name: "entries pruned that a checkpoint signed within the retention", change: { prunableBefore: new Date("2026-12-05T07:01:03Z") }, firstBadIndex: 0 },
    { name: "entries pruned with no retention configured", change: { prunableBefore: undefined } as unknown as Partial<LogEvidence>, firstBadIndex: 0 },
    { name: "the first checkpoint (below the frontier) removed from the chain", change: { entries: log.slice(8), frontier: frontier(8), checkpoints: sparse.slice(1) }, firstBadIndex: 0 },
  ];
  for (const c of cases) {
    it(`tampering is detected after pruning: ${c.name}`, () => {
      const evidence = { ...pruned, ...c.change };
      for (const [k, v] of Object.entries(c.change)) if (v === undefined) delete (evidence as Record<string, unknown>)[k];
      const verdict = verifyLog(evidence);
      assert.equal(verdict.ok, false, JSON.stringify(verdict));
      if (!verdict.ok) assert.equal(verdict.firstBadIndex, c.firstBadIndex, verdict.reason);
    });
  }
});
