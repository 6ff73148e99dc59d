import { after, it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Fault } from "../kernel/index.js";
import { auditRows, migratedDatabase } from "./audit-rows.fixture.js";
import { SqliteWorkerSink } from "./audit-sqlite-writer.js";
import { SQLITE_FILE } from "./sqlite.js";

const kindOf = (error: unknown): string => (error instanceof Fault ? error.kind : `not a Fault: ${String(error)}`);

const root = await fs.mkdtemp(join(tmpdir(), "plinth-audit-writer-"));
after(() => fs.rm(root, { recursive: true, force: true }));

const database = (name: string): Promise<string> => migratedDatabase(root, name);

it("the writer's own connection commits at synchronous=FULL, while the store's stays at NORMAL", async () => {
  const path = await database("full");
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 });
  try {
    assert.equal((await sink.opened).synchronous, 2);
    assert.equal(await sink.write("n", auditRows("a", "b")), 0);
    assert.equal(await sink.write("n", auditRows("c")), 2);
  } finally {
    await sink.close();
  }
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    assert.deepEqual(db.prepare("select idx, event_id, leaf, leaf_hash from audit_events order by idx").all(), ["a", "b", "c"].map((id, idx) => ({
      idx, event_id: id, leaf: Buffer.from(`{"id":"${id}"}`), leaf_hash: Buffer.alloc(32, 1),
    })));
    assert.deepEqual(db.prepare("select idx, name from audit_event_resources order by idx").all(), ["a", "b", "c"].map((id, idx) => ({
      idx, name: `arn:aws:bedrock:eu-west-2::foundation-model/${id}`,
    })));
  } finally {
    db.close();
  }
});

it("a batch that waits past busy_timeout for another writer's lock fails alone; the writer lives on", async () => {
  const path = await database("busy");
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 50 });
  const other = new BetterSqlite3(path);
  try {
    other.prepare("begin immediate").run();
    await assert.rejects(sink.write("n", auditRows("a")), (e) => kindOf(e) === "service-unavailable");
    other.prepare("rollback").run();
    assert.equal(await sink.write("n", auditRows("b")), 0);
  } finally {
    other.close();
    await sink.close();
  }
});

for (const behaviour of ["crash", "exit"] as const) {
  it(`a writer thread that dies (${behaviour}) fails the batch in flight and every later one: the trail fails closed`, async () => {
    const sink = new SqliteWorkerSink({ path: join(root, "unused.db"), busyTimeoutMs: 50 }, undefined, new URL("./audit-worker.fixture.js", import.meta.url));
    const inFlight = sink.write("n", auditRows("a"));
    await assert.rejects(inFlight, (e) => kindOf(e) === "service-unavailable" && !/row value/.test((e as Error).message));
    await assert.rejects(sink.write("n", auditRows("b")), (e) => kindOf(e) === "service-unavailable");
    await sink.close();
  });
}

it("a writer that cannot open the database refuses its batches rather than acknowledge them", async () => {
  const sink = new SqliteWorkerSink({ path: join(root, "missing", SQLITE_FILE), busyTimeoutMs: 50 });
  await assert.rejects(sink.write("n", auditRows("a")), (e) => kindOf(e) === "service-unavailable");
  await assert.rejects(sink.opened);
  await sink.close();
});

it("close answers the batches already sent before the thread ends, then refuses new ones", async () => {
  const sink = new SqliteWorkerSink({ path: await database("close"), busyTimeoutMs: 1000 });
  const sent = [sink.write("n", auditRows("a")), sink.write("n", auditRows("b", "c"))];
  const closed = sink.close();
  assert.deepEqual(await Promise.all(sent), [0, 1]);
  await closed;
  await assert.rejects(sink.write("n", auditRows("d")), (e) => kindOf(e) === "service-unavailable");
});
