import { it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { openSqlite, SQLITE_FILE } from "./sqlite.js";

it("a transaction that reads then writes is not refused because another connection (the audit writer) wrote meanwhile", async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), "plinth-sqlite-"));
  const db = await openSqlite(dir);
  try {
    await sql`create table t (x integer)`.execute(db);
    const other = new BetterSqlite3(join(dir, SQLITE_FILE), { timeout: 0 });
    let otherWrote = true;
    try {
      await db.transaction().execute(async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        // The other connection writes between our read and our write: it must wait for us
        // (it is refused here, having no busy timeout), never the other way round.
        try {
          other.prepare("insert into t values (1)").run();
        } catch {
          otherWrote = false;
        }
        await sql`insert into t values (2)`.execute(trx);
      });
    } finally {
      other.close();
    }
    assert.equal(otherWrote, false, "the transaction held the write lock from its start");
    assert.deepEqual((await sql<{ x: number }>`select x from t`.execute(db)).rows, [{ x: 2 }]);
  } finally {
    await db.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
