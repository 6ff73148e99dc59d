import { after, it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { AuditEvent } from "../audit/event.js";
import { Fault } from "../kernel/index.js";
import { openStore } from "./open-store.js";
import { pendingRow } from "./audit-rows.js";
import { SqliteWorkerSink } from "./audit-sqlite-writer.js";
import { SQLITE_FILE } from "./sqlite.js";

const event = (eventID: string): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2030-01-01T00:00:00Z", eventSource: "bedrock.amazonaws.com",
  eventName: "InvokeModel", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: eventID, eventID, readOnly: false, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: "111122223333",
  resources: [{ ARN: `arn:aws:bedrock:eu-west-2::foundation-model/${eventID}`, accountId: "", type: "AWS::Bedrock::Model" }],
});
const rows = (...ids: string[]) => ids.map((id) => pendingRow(event(id), new TextEncoder().encode(`{"id":"${id}"}`), new Uint8Array(32).fill(id.length)));
const kindOf = (error: unknown): string => (error instanceof Fault ? error.kind : `not a Fault: ${String(error)}`);

const root = await fs.mkdtemp(join(tmpdir(), "plinth-audit-writer-"));
after(() => fs.rm(root, { recursive: true, force: true }));

/** A migrated database file, as the store leaves it. */
async function database(name: string): Promise<string> {
  const dir = join(root, name);
  await (await openStore({ dataDir: dir })).close();
  return join(dir, SQLITE_FILE);
}

it("the writer's own connection commits at synchronous=FULL, while the store's stays at NORMAL", async () => {
  const path = await database("full");
  const sink = new SqliteWorkerSink({ path, busyTimeoutMs: 1000 });
  try {
    assert.equal((await sink.opened).synchronous, 2);
    assert.equal(await sink.write("n", rows("a", "b")), 0);
    assert.equal(await sink.write("n", rows("c")), 2);
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
    await assert.rejects(sink.write("n", rows("a")), (e) => kindOf(e) === "service-unavailable");
    other.prepare("rollback").run();
    assert.equal(await sink.write("n", rows("b")), 0);
  } finally {
    other.close();
    await sink.close();
  }
});

for (const behaviour of ["crash", "exit"] as const) {
  it(`a writer thread that dies (${behaviour}) fails the batch in flight and every later one: the trail fails closed`, async () => {
    const sink = new SqliteWorkerSink({ path: join(root, "unused.db"), busyTimeoutMs: 50 }, undefined, new URL("./audit-worker.fixture.js", import.meta.url));
    const inFlight = sink.write("n", rows("a"));
    await assert.rejects(inFlight, (e) => kindOf(e) === "service-unavailable" && !/row value/.test((e as Error).message));
    await assert.rejects(sink.write("n", rows("b")), (e) => kindOf(e) === "service-unavailable");
    await sink.close();
  });
}

it("a writer that cannot open the database refuses its batches rather than acknowledge them", async () => {
  const sink = new SqliteWorkerSink({ path: join(root, "missing", SQLITE_FILE), busyTimeoutMs: 50 });
  await assert.rejects(sink.write("n", rows("a")), (e) => kindOf(e) === "service-unavailable");
  await assert.rejects(sink.opened);
  await sink.close();
});

it("close answers the batches already sent before the thread ends, then refuses new ones", async () => {
  const sink = new SqliteWorkerSink({ path: await database("close"), busyTimeoutMs: 1000 });
  const sent = [sink.write("n", rows("a")), sink.write("n", rows("b", "c"))];
  const closed = sink.close();
  assert.deepEqual(await Promise.all(sent), [0, 1]);
  await closed;
  await assert.rejects(sink.write("n", rows("d")), (e) => kindOf(e) === "service-unavailable");
});
