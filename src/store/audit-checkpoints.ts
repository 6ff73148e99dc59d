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

  async latest(node: string): Promise<StoredCheckpoint | undefined> {
    const row = await guarded(() => this.#db.selectFrom("audit_checkpoints").selectAll().where("node", "=", node).orderBy("size", "desc").limit(1).executeTakeFirst());
    return row && fromRow(row);
  }

  async add(c: StoredCheckpoint): Promise<void> {
    const time = isoTime("time", c.time);
    await guarded(() => this.#db.insertInto("audit_checkpoints").values({ node: c.node, size: c.size, time, note: c.note }).execute(),
      { conflict: `node ${c.node} already has a checkpoint at size ${c.size}` });
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
