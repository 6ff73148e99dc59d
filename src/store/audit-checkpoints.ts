import type { Kysely, Selectable } from "kysely";
import type { CheckpointStore, StoredCheckpoint } from "../audit/log.js";
import { guarded } from "./faults.js";
import type { AuditCheckpointsTable, Database } from "./schema.js";
import { isoTime } from "./shapes.js";

/** Signed checkpoints of each node's log, one per (node, size): a second note for one size is a conflict. */
export class KyselyCheckpointStore implements CheckpointStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async nodes(): Promise<string[]> {
    const rows = await guarded(() => this.#db.selectFrom("audit_checkpoints").select("node").distinct().orderBy("node").execute());
    return rows.map((r) => r.node);
  }

  async latest(node: string): Promise<StoredCheckpoint | undefined> {
    const row = await guarded(() => this.#db.selectFrom("audit_checkpoints").selectAll().where("node", "=", node).orderBy("size", "desc").limit(1).executeTakeFirst());
    return row && fromRow(row);
  }

  async add(c: StoredCheckpoint): Promise<void> {
    const time = isoTime("time", c.time);
    await guarded(() => this.#db.insertInto("audit_checkpoints").values({ node: c.node, size: c.size, time, note: c.note }).execute(),
      { conflict: `node ${c.node} already has a checkpoint at size ${c.size}` });
  }

  async get(node: string, size: number): Promise<StoredCheckpoint | undefined> {
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const row = await guarded(() => this.#db.selectFrom("audit_checkpoints").selectAll().where("node", "=", node).where("size", "=", size).executeTakeFirst());
    return row && fromRow(row);
  }

  /** Times are stored as fixed-width ISO-8601 text, so text order is time order on both dialects. */
  async newestBefore(node: string, time: Date, belowSize: number): Promise<StoredCheckpoint | undefined> {
    const before = isoTime("time", time);
    const row = await guarded(() => this.#db.selectFrom("audit_checkpoints").selectAll().where("node", "=", node)
      .where("time", "<", before).where("size", "<", belowSize).orderBy("size", "desc").limit(1).executeTakeFirst());
    return row && fromRow(row);
  }

  /** Oldest (smallest) first. */
  async list(node: string): Promise<StoredCheckpoint[]> {
    const rows = await guarded(() => this.#db.selectFrom("audit_checkpoints").selectAll().where("node", "=", node).orderBy("size").execute());
    return rows.map(fromRow);
  }
}

function fromRow(row: Selectable<AuditCheckpointsTable>): StoredCheckpoint {
  return { node: row.node, size: Number(row.size), time: new Date(row.time), note: row.note };
}
