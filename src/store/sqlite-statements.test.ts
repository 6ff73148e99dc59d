import assert from "node:assert/strict";
import { describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import { KeptStatements } from "./sqlite-statements.js";

describe("KeptStatements", () => {
  it("prepares each SQL text once, keeps at most its capacity (least recently used out first), and closes the database", () => {
    const prepared: string[] = [];
    let closed = 0;
    const fake: SqliteDatabase = {
      prepare: (text) => (prepared.push(text), { reader: true, text } as unknown as SqliteStatement),
      close: () => void closed++,
    };
    const kept = new KeptStatements(fake, 2);
    const a = kept.prepare("select 1");
    assert.equal(kept.prepare("select 1"), a);
    kept.prepare("select 2");
    kept.prepare("select 1"); // now the most recently used
    kept.prepare("select 3"); // "select 2" goes
    assert.equal(kept.size, 2);
    kept.prepare("select 1");
    kept.prepare("select 2");
    assert.deepEqual(prepared, ["select 1", "select 2", "select 3", "select 2"]);
    kept.close();
    assert.equal(closed, 1);
    assert.equal(kept.size, 0);
  });

  it("through Kysely on a real database: kept statements answer each query's own parameters, after a failure, a rollback, a stream and a schema change", async () => {
    const raw = new BetterSqlite3(":memory:");
    const counted = { prepares: 0 };
    const db = new Kysely<{ t: { id: number; name: string; extra?: string } }>({
      dialect: new SqliteDialect({ database: new KeptStatements({ prepare: (s) => (counted.prepares++, raw.prepare(s)), close: () => raw.close() }) }),
    });
    try {
      await sql`create table t (id integer primary key, name text not null)`.execute(db);
      for (const [id, name] of [[1, "a"], [2, "b"]] as const) await db.insertInto("t").values({ id, name }).execute();
      const byId = (id: number) => db.selectFrom("t").selectAll().where("id", "=", id).executeTakeFirst();
      const before = counted.prepares;
      assert.deepEqual(await byId(1), { id: 1, name: "a" });
      assert.deepEqual(await byId(2), { id: 2, name: "b" });
      assert.equal(counted.prepares - before, 1, "one statement for both");
      await assert.rejects(db.insertInto("t").values({ id: 1, name: "dup" }).execute());
      await db.insertInto("t").values({ id: 3, name: "c" }).execute();
      await assert.rejects(db.transaction().execute(async (trx) => {
        await trx.insertInto("t").values({ id: 4, name: "d" }).execute();
        throw new Error("roll back");
      }));
      assert.equal(await byId(4), undefined);
      const streamed: unknown[] = [];
      for await (const row of db.selectFrom("t").selectAll().orderBy("id").stream()) {
        streamed.push(row);
        if (streamed.length === 1) break; // left part-way: the statement must be usable again
      }
      assert.deepEqual(await db.selectFrom("t").selectAll().orderBy("id").execute(), [{ id: 1, name: "a" }, { id: 2, name: "b" }, { id: 3, name: "c" }]);
      await sql`alter table t add column extra text`.execute(db);
      assert.deepEqual(await byId(1), { id: 1, name: "a", extra: null });
    } finally {
      await db.destroy();
    }
  });
});
