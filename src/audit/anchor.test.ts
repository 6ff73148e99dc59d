import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFault } from "../kernel/index.js";
import { DirectoryAnchor } from "./anchor.js";
import { signCheckpoint } from "./checkpoint.js";
import { ed25519Signer } from "./note.js";

const origin = "plinth/eu-west-1/node-a";
const signer = ed25519Signer(origin, generateKeyPairSync("ed25519").privateKey);
const note = (size: number, time: string, previousNote?: string): string =>
  signCheckpoint({ origin, size, root: new Uint8Array(32).fill(size), time: new Date(time), ...(previousNote ? { previousNote } : {}) }, signer);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "plinth-anchor-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("checkpoints are written one file each and listed back in log order", () =>
  withDir(async (dir) => {
    const anchor = new DirectoryAnchor(dir);
    const a = note(2, "2026-12-05T07:00:00Z");
    const b = note(10, "2026-12-05T07:01:00Z", a);
    const c = note(9, "2026-12-05T06:59:00Z");
    await anchor.write({ node: "node-a", size: 10, time: new Date("2026-12-05T07:01:00Z"), note: b });
    await anchor.write({ node: "node-a", size: 2, time: new Date("2026-12-05T07:00:00Z"), note: a });
    await anchor.write({ node: "node-b", size: 9, time: new Date("2026-12-05T06:59:00Z"), note: c });
    assert.deepEqual(await readdir(join(dir, "node-a")), ["0000000000000002-2026-12-05T070000000Z.note", "0000000000000010-2026-12-05T070100000Z.note"]);
    const listed = await anchor.list("node-a");
    assert.deepEqual(listed.map((s) => [s.size, s.note]), [[2, a], [10, b]]);
    assert.equal(listed[1]!.time.toISOString(), "2026-12-05T07:01:00.000Z");
    assert.deepEqual(await anchor.list("node-z"), []);
  }));

test("an existing checkpoint is never overwritten; writing the same note again is a no-op", () =>
  withDir(async (dir) => {
    const anchor = new DirectoryAnchor(dir);
    const a = note(2, "2026-12-05T07:00:00Z");
    await anchor.write({ node: "node-a", size: 2, time: new Date(), note: a });
    await anchor.write({ node: "node-a", size: 2, time: new Date(), note: a });
    const rewritten = signCheckpoint({ origin, size: 2, root: new Uint8Array(32).fill(9), time: new Date("2026-12-05T07:00:00Z") }, signer);
    await assert.rejects(anchor.write({ node: "node-a", size: 2, time: new Date(), note: rewritten }), (e) => isFault(e) && e.kind === "conflict");
    assert.deepEqual((await anchor.list("node-a")).map((s) => s.note), [a]);
    assert.equal(await anchor.holds({ node: "node-a", size: 2, time: new Date(), note: a }), true);
    assert.equal(await anchor.holds({ node: "node-a", size: 2, time: new Date(), note: rewritten }), false, "same name, other note");
    assert.equal(await anchor.holds({ node: "node-b", size: 2, time: new Date(), note: a }), false);
  }));

test("node ids that could leave the anchor directory, and size mismatches, are refused", () =>
  withDir(async (dir) => {
    const anchor = new DirectoryAnchor(dir);
    const a = note(2, "2026-12-05T07:00:00Z");
    for (const node of ["..", "../x", "a/b", ""]) {
      await assert.rejects(anchor.write({ node, size: 2, time: new Date(), note: a }), (e) => isFault(e) && e.kind === "validation", node);
    }
    await assert.rejects(anchor.write({ node: "node-a", size: 3, time: new Date(), note: a }), (e) => isFault(e) && e.kind === "validation");
  }));
