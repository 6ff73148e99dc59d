import { it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrateToLatest } from "./migrate.js";
import { SQLITE_TYPES } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { batchWriter } from "./audit-batch.js";
import { pendingRow } from "./audit-rows.js";
import type { AuditEvent } from "../audit/event.js";

const event = (eventID: string): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2030-01-01T00:00:00Z", eventSource: "bedrock.amazonaws.com",
  eventName: "InvokeModel", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: eventID, eventID, readOnly: false, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: "111122223333",
});

it("a SQLite audit batch commits at synchronous=FULL in one transaction, then puts the connection's level back", async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), "plinth-audit-"));
  const database = new BetterSqlite3(join(dir, "a.db"));
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  const statements: string[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), log: (e) => { statements.push(e.query.sql.toLowerCase()); } });
  try {
    await migrateToLatest(db, SQLITE_TYPES);
    statements.length = 0;
    const rows = ["a", "b", "c"].map((id) => pendingRow(event(id), new TextEncoder().encode(id), new Uint8Array(32)));
    assert.equal(await batchWriter(db, "sqlite")("n", rows), 0);
    const at = (pattern: RegExp): number => statements.findIndex((s) => pattern.test(s));
    const full = at(/^pragma synchronous = full$/);
    const begin = at(/^begin immediate$/);
    const commit = at(/^commit$/);
    const restore = at(/^pragma synchronous = 1$/);
    assert.ok(full >= 0 && full < begin && begin < commit && commit < restore, statements.join("\n"));
    assert.equal(statements.filter((s) => s.startsWith("insert into \"audit_events\"")).length, 1, "one insert for the batch");
    assert.equal(database.pragma("synchronous", { simple: true }), 1, "NORMAL again for the rest of the store");
    // A failing batch rolls back and still restores the level.
    await assert.rejects(batchWriter(db, "sqlite")("n", [pendingRow(event("d"), new Uint8Array(1), new Uint8Array(32)), rows[0]!]));
    assert.equal(database.pragma("synchronous", { simple: true }), 1);
    assert.equal(database.prepare("select count(*) from audit_events").pluck().get(), 3, "nothing of the failed batch stayed");
    assert.equal(database.inTransaction, false);
  } finally {
    await db.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
