import { after, it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { Fault } from "../kernel/index.js";
import { auditRows, migratedDatabase } from "./audit-rows.fixture.js";
import { SqliteWorkerSink } from "./audit-sqlite-writer.js";
import { openSqlite } from "./sqlite.js";
import { WAL_BACKSTOP_PAGES, WalCheckpointer } from "./wal-checkpointer.js";

/**
 * The write-ahead log is checkpointed off the commits' path: the writers leave it to grow past
 * SQLite's default of 1,000 pages (where one audit commit in sixty used to copy it and fsync the
 * database file before it returned), and the checkpointer thread copies it in the writer's pauses,
 * after which the next commit restarts the log from its start. It also empties the log on demand
 * (after a key's material is deleted: src/store/shred.test.ts).
 */
const root = await fs.mkdtemp(join(tmpdir(), "plinth-wal-"));
after(() => fs.rm(root, { recursive: true, force: true }));

const database = (name: string): Promise<string> => migratedDatabase(root, name);

const FRAME = 24 + 4096;
const walFrames = async (path: string): Promise<number> => Math.floor(((await fs.stat(`${path}-wal`)).size - 32) / FRAME);
/** The WAL header's checkpoint sequence number: a restart of the log from its start increments it. */
const walSequence = async (path: string): Promise<number> => (await fs.readFile(`${path}-wal`)).readUInt32BE(12);

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) assert.fail(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const kindOf = (error: unknown): string => (error instanceof Fault ? error.kind : `not a Fault: ${String(error)}`);

it("the store's connection and the audit writer's checkpoint only past the backstop, not at SQLite's 1,000 pages", async () => {
  const dir = join(root, "pragma");
  const db = await openSqlite(dir);
  try {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    assert.equal(rows[0]?.wal_autocheckpoint, WAL_BACKSTOP_PAGES);
  } finally {
    await db.destroy();
  }
  const path = await database("backstop");
  // No checkpointer told of the commits: the writer alone decides when the log is checkpointed.
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 });
  try {
    for (let i = 0; i < 150; i++) await sink.write("n", auditRows(`e${i}`));
    // Each one-event commit dirties a dozen B-tree pages; SQLite's default would have restarted the log near 1,000 frames.
    assert.ok(await walFrames(path) > 1500, `the log holds ${await walFrames(path)} frames`);
  } finally {
    await sink.close();
  }
});

it("in a pause the checkpointer copies the log into the database file, and the next commit restarts the log", async () => {
  const path = await database("pause");
  const wal = new WalCheckpointer({ path, busyTimeoutMs: 1000 });
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 }, wal);
  try {
    for (let i = 0; i < 40; i++) await sink.write("n", auditRows(`e${i}`));
    const sequence = await walSequence(path);
    await until("a checkpoint", () => wal.stats().runs === 1);
    // The database file alone, without its log, holds every event.
    const copy = join(root, "pause-copy.db");
    await fs.copyFile(path, copy);
    const alone = new BetterSqlite3(copy, { readonly: true });
    try {
      assert.equal((alone.prepare("select count(*) as n from audit_events").get() as { n: number }).n, 40);
    } finally {
      alone.close();
    }
    await sink.write("n", auditRows("after"));
    assert.equal(await walSequence(path), sequence + 1, "the log restarted from its start");
    assert.equal(wal.stats().failed, false);
  } finally {
    await sink.close();
    await wal.close();
  }
});

it("a checkpointer whose thread fails is not part of durability: commits go on, and close returns", async () => {
  const path = await database("failing");
  const wal = new WalCheckpointer({ path, busyTimeoutMs: 1000 }, new URL("./wal-checkpoint-worker.fixture.js", import.meta.url));
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 }, wal);
  try {
    for (let i = 0; i < 20; i++) await sink.write("n", auditRows(`e${i}`));
    await until("the thread's failure", () => wal.stats().failed);
    assert.equal(await sink.write("n", auditRows("after")), 20);
    await assert.rejects(wal.truncate(), (e) => kindOf(e) === "service-unavailable");
  } finally {
    await sink.close();
    await wal.close();
  }
});

/** A store with a few commits in its log and a reader holding its snapshot: the log cannot be emptied under it. */
async function heldByReader(name: string, busyTimeoutMs: number) {
  const path = await database(name);
  const wal = new WalCheckpointer({ path, busyTimeoutMs });
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 }, wal);
  const reader = new BetterSqlite3(path, { readonly: true });
  for (let i = 0; i < 5; i++) await sink.write("n", auditRows(`e${i}`));
  reader.prepare("begin").run();
  reader.prepare("select count(*) from audit_events").get();
  return {
    path, wal, sink,
    release: () => reader.prepare("commit").run(),
    close: async () => {
      reader.close();
      await sink.close();
      await wal.close();
    },
  };
}

it("truncate waits for a reader in its way, then empties the log", async () => {
  const held = await heldByReader("truncate", 1000);
  try {
    const truncated = held.wal.truncate();
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(await walFrames(held.path) > 0, "not while the reader holds its snapshot");
    held.release();
    await truncated;
    assert.equal((await fs.stat(`${held.path}-wal`)).size, 0);
  } finally {
    await held.close();
  }
});

it("a truncation blocked past its attempts is refused, and done at the next pause", async () => {
  const held = await heldByReader("owed", 20);
  try {
    await assert.rejects(held.wal.truncate(), (e) => kindOf(e) === "service-unavailable");
    held.release();
    await held.sink.write("n", auditRows("after")); // one commit, fewer than a plain pause checkpoint waits for
    await until("the owed truncation", async () => (await fs.stat(`${held.path}-wal`)).size === 0);
  } finally {
    await held.close();
  }
});
