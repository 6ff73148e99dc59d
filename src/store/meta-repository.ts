import type { Kysely } from "kysely";
import type { Clock } from "../kernel/index.js";
import { invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { MetaStore } from "./port.js";
import type { Database } from "./schema.js";

const KEY = /^[a-z][a-z0-9_.-]{0,127}$/;

/** Key/value settings; `set` is an upsert, so callers need not know whether a key exists. */
export class KyselyMetaStore implements MetaStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async get(key: string): Promise<string | undefined> {
    const row = await guarded(() => this.#db.selectFrom("meta").select("value").where("key", "=", key).executeTakeFirst());
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    if (!KEY.test(key)) throw invalid("key", "must be 1 to 128 characters of lower-case letters, digits and _.- starting with a letter");
    const updated_at = this.#clock.now().toISOString();
    await guarded(() =>
      this.#db
        .insertInto("meta")
        .values({ key, value, updated_at })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at }))
        .execute(),
    );
  }

  async delete(key: string): Promise<boolean> {
    const result = await guarded(() => this.#db.deleteFrom("meta").where("key", "=", key).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }
}
