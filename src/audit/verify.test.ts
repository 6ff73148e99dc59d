import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { leafBytes } from "./canonical.js";
import { signCheckpoint } from "./checkpoint.js";
import type { AuditEvent } from "./event.js";
import type { AuditEntry } from "./log.js";
import { leafHash, rootOf } from "./merkle.js";
import { ed25519Signer, verifierKeyString } from "./note.js";
import { verifyLog } from "./verify.js";

const origin = "plinth/eu-west-1/node-a";
const keys = generateKeyPairSync("ed25519");
const signer = ed25519Signer(origin, keys.privateKey);
const verifierKey = verifierKeyString(origin, keys.publicKey);

function event(i: number): AuditEvent {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", principalId: `AIDA${i}`, accountId: "111122223333" },
    eventTime: `2026-12-05T07:00:${String(i).padStart(2, "0")}Z`,
    eventSource: "bedrock.amazonaws.com",
    eventName: i % 2 ? "Converse" : "InvokeModel",
    awsRegion: "eu-west-1",
    sourceIPAddress: "192.0.2.1",
    requestParameters: { modelId: `model-${i}` },
    responseElements: null,
    additionalEventData: { allowed: i % 3 !== 0 },
    requestID: `req-${i}`,
    eventID: `evt-${i}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: false,
    eventCategory: "Data",
    recipientAccountId: "111122223333",
  };
}

const entry = (index: number, ev: AuditEvent): AuditEntry => ({ node: "node-a", index, event: ev, leaf: leafBytes(ev) });
const N = 12;
const log: AuditEntry[] = Array.from({ length: N }, (_, i) => entry(i, event(i)));

/** Checkpoints over the untampered log at the given sizes, chained as the appender would. */
function checkpoints(sizes: number[]): string[] {
  const notes: string[] = [];
  for (const size of sizes) {
    const root = rootOf(log.slice(0, size).map((e) => leafHash(e.leaf)));
    const previousNote = notes[notes.length - 1];
    notes.push(signCheckpoint({ origin, size, root, time: new Date(Date.UTC(2026, 11, 5, 7, 1, size)), ...(previousNote ? { previousNote } : {}) }, signer));
  }
  return notes;
}
const sparse = checkpoints([4, 8, 12]);
const dense = checkpoints(Array.from({ length: N }, (_, i) => i + 1));

/** Renumbers entries by position, as an attacker who rewrites the index column would. */
const renumber = (entries: AuditEntry[]): AuditEntry[] => entries.map((e, i) => ({ ...e, index: i }));
const withEvent = (e: AuditEntry, ev: AuditEvent, leafToo: boolean): AuditEntry => ({ ...e, event: ev, leaf: leafToo ? leafBytes(ev) : e.leaf });
const flippedEvent = (i: number): AuditEvent => ({ ...event(i), requestID: `req-${i}x` });

function swap(entries: AuditEntry[], a: number, b: number): AuditEntry[] {
  const out = [...entries];
  [out[a], out[b]] = [out[b]!, out[a]!];
  return out;
}

function rewriteRoot(note: string): string {
  const lines = note.split("\n");
  lines[2] = Buffer.alloc(32, 0xee).toString("base64");
  return lines.join("\n");
}

const otherSigner = ed25519Signer(origin, generateKeyPairSync("ed25519").privateKey);

const cases: { name: string; entries: AuditEntry[]; checkpoints: string[]; firstBadIndex: number }[] = [
  { name: "an event's bytes changed, its leaf left alone", entries: log.map((e, i) => (i === 5 ? withEvent(e, flippedEvent(5), false) : e)), checkpoints: sparse, firstBadIndex: 5 },
  { name: "an event and its leaf changed (sparse checkpoints)", entries: log.map((e, i) => (i === 5 ? withEvent(e, flippedEvent(5), true) : e)), checkpoints: sparse, firstBadIndex: 4 },
  { name: "an event and its leaf changed (a checkpoint per entry)", entries: log.map((e, i) => (i === 5 ? withEvent(e, flippedEvent(5), true) : e)), checkpoints: dense, firstBadIndex: 5 },
  { name: "an event deleted", entries: log.filter((e) => e.index !== 5), checkpoints: sparse, firstBadIndex: 5 },
  { name: "an event deleted and the rest renumbered", entries: renumber(log.filter((e) => e.index !== 5)), checkpoints: dense, firstBadIndex: 5 },
  { name: "an event inserted (renumbered)", entries: renumber([...log.slice(0, 6), entry(0, event(99)), ...log.slice(6)]), checkpoints: dense, firstBadIndex: 6 },
  { name: "an event inserted (renumbered, sparse checkpoints)", entries: renumber([...log.slice(0, 6), entry(0, event(99)), ...log.slice(6)]), checkpoints: sparse, firstBadIndex: 4 },
  { name: "an event inserted with a duplicate index", entries: [...log.slice(0, 6), entry(5, event(99)), ...log.slice(6)], checkpoints: sparse, firstBadIndex: 6 },
  { name: "two events reordered", entries: swap(log, 5, 6), checkpoints: sparse, firstBadIndex: 5 },
  { name: "two events reordered and renumbered", entries: renumber(swap(log, 5, 6)), checkpoints: dense, firstBadIndex: 5 },
  { name: "the tail truncated below the newest checkpoint", entries: log.slice(0, 10), checkpoints: sparse, firstBadIndex: 10 },
  { name: "a checkpoint's root rewritten (signature no longer verifies)", entries: log, checkpoints: sparse.map((n, j) => (j === 1 ? rewriteRoot(n) : n)), firstBadIndex: 4 },
  {
    name: "a checkpoint forged with another key",
    entries: log,
    checkpoints: [sparse[0]!, signCheckpoint({ origin, size: 8, root: rootOf(log.slice(0, 8).map((e) => leafHash(e.leaf))), time: new Date(), previousNote: sparse[0]! }, otherSigner), sparse[2]!],
    firstBadIndex: 4,
  },
  {
    name: "a validly signed checkpoint whose root is not the log's",
    entries: log,
    checkpoints: [sparse[0]!, signCheckpoint({ origin, size: 8, root: new Uint8Array(32), time: new Date(), previousNote: sparse[0]! }, signer)],
    firstBadIndex: 4,
  },
  { name: "the chain broken (a checkpoint removed)", entries: log, checkpoints: [sparse[0]!, sparse[2]!], firstBadIndex: 4 },
  { name: "the chain broken (the first checkpoint removed)", entries: log, checkpoints: [sparse[1]!, sparse[2]!], firstBadIndex: 0 },
  {
    name: "a checkpoint that shrinks the log",
    entries: log,
    checkpoints: [sparse[0]!, sparse[1]!, signCheckpoint({ origin, size: 6, root: rootOf(log.slice(0, 6).map((e) => leafHash(e.leaf))), time: new Date(), previousNote: sparse[1]! }, signer)],
    firstBadIndex: 6,
  },
];

for (const c of cases) {
  test(`tampering is detected: ${c.name}`, () => {
    const verdict = verifyLog({ entries: c.entries, checkpoints: c.checkpoints, verifierKey });
    assert.equal(verdict.ok, false, JSON.stringify(verdict));
    if (!verdict.ok) assert.equal(verdict.firstBadIndex, c.firstBadIndex, verdict.reason);
  });
}

test("an untampered log verifies, with sparse or dense checkpoints", () => {
  assert.deepEqual(verifyLog({ entries: log, checkpoints: sparse, verifierKey }), { ok: true, size: N, checkpointed: N, prunedBefore: 0 });
  assert.deepEqual(verifyLog({ entries: log, checkpoints: dense, verifierKey, origin }), { ok: true, size: N, checkpointed: N, prunedBefore: 0 });
  assert.deepEqual(verifyLog({ entries: [], checkpoints: [], verifierKey }), { ok: true, size: 0, checkpointed: 0, prunedBefore: 0 });
});

test("entries past the newest checkpoint rest on the entry checks alone (why checkpoints must be frequent)", () => {
  const twoCheckpoints = sparse.slice(0, 2);
  assert.deepEqual(verifyLog({ entries: log.slice(0, 9), checkpoints: twoCheckpoints, verifierKey }), { ok: true, size: 9, checkpointed: 8, prunedBefore: 0 });
  const bad = verifyLog({ entries: log.map((e, i) => (i === 10 ? withEvent(e, flippedEvent(10), false) : e)), checkpoints: twoCheckpoints, verifierKey });
  assert.deepEqual(bad.ok ? undefined : bad.firstBadIndex, 10);
});

test("a checkpoint for another origin is refused", () => {
  const verdict = verifyLog({ entries: log, checkpoints: sparse, verifierKey, origin: "plinth/eu-west-1/node-b" });
  assert.deepEqual(verdict.ok ? undefined : verdict.firstBadIndex, 0);
});
