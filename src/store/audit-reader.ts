import type { Kysely } from "kysely";
import type { Frontier } from "../audit/frontier.js";
import type { AuditEntry, AuditQuery } from "../audit/log.js";
import { invalid } from "../kernel/index.js";
import type { AuditLogReader } from "./audit-port.js";
import { readFrontier } from "./audit-prune.js";
import { decodeCursor, encodeCursor, entryOf } from "./audit-rows.js";
import { guarded } from "./faults.js";
import type { Database } from "./schema.js";
import { asBytes, isoTime } from "./shapes.js";

/** The largest page: LookupEvents asks for at most 50, an export for more. */
export const MAX_AUDIT_PAGE = 10_000;

/** Reads the audit tables (migration 0012). */
export class KyselyAuditReader implements AuditLogReader {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async nodes(): Promise<string[]> {
    const rows = await guarded(() => this.#db.selectFrom("audit_events").select("node").distinct().orderBy("node").execute());
    return rows.map((r) => r.node);
  }

  async size(node: string): Promise<number> {
    const row = await guarded(() => this.#db.selectFrom("audit_events").select((eb) => eb.fn.max("idx").as("last")).where("node", "=", node).executeTakeFirst());
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
  }

  /** The entries that exist in [from, to): a range past the end answers what there is. */
  async range(node: string, from: number, to: number): Promise<AuditEntry[]> {
    checkRange(from, to);
    const rows = await guarded(() => this.#db.selectFrom("audit_events").select(["node", "idx", "leaf"])
      .where("node", "=", node).where("idx", ">=", from).where("idx", "<", to).orderBy("idx").execute());
    return rows.map(entryOf);
  }

  async leafHashes(node: string, from: number, to: number): Promise<Uint8Array[]> {
    checkRange(from, to);
    const rows = await guarded(() => this.#db.selectFrom("audit_events").select(["idx", "leaf_hash"])
      .where("node", "=", node).where("idx", ">=", from).where("idx", "<", to).orderBy("idx").execute());
    // Indices are contiguous from 0, so a short answer means the range passed the end.
    if (rows.length !== to - from) throw invalid("to", `must not exceed the log's size (entries ${from} to ${to} of node ${node} were asked for, ${rows.length} exist)`);
    return rows.map((r) => asBytes(r.leaf_hash));
  }

  async leaves(node: string, from: number, to: number): Promise<Uint8Array[]> {
    checkRange(from, to);
    const rows = await guarded(() => this.#db.selectFrom("audit_events").select(["idx", "leaf"])
      .where("node", "=", node).where("idx", ">=", from).where("idx", "<", to).orderBy("idx").execute());
    if (rows.length !== to - from) throw invalid("to", `must not exceed the log's size (entries ${from} to ${to} of node ${node} were asked for, ${rows.length} exist)`);
    return rows.map((r) => asBytes(r.leaf));
  }

  frontier(node: string): Promise<Frontier | undefined> {
    return readFrontier(this.#db, node);
  }

  /**
   * Newest first across nodes, in (time, node, index) order, which is total, so a page boundary
   * is one place in it and the cursor is that place: pages neither repeat nor skip an entry,
   * even while events are appended.
   */
  async lookup(query: AuditQuery): Promise<{ entries: AuditEntry[]; next?: string }> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_AUDIT_PAGE) throw invalid("MaxResults", `must be an integer from 1 to ${MAX_AUDIT_PAGE}`);
    let q = this.#db.selectFrom("audit_events as e").select(["e.node", "e.idx", "e.leaf", "e.event_time"]);
    if (query.account !== undefined) q = q.where("e.account_id", "=", query.account);
    const a = query.attribute;
    if (a !== undefined) {
      switch (a.key) {
        case "EventId": q = q.where("e.event_id", "=", a.value); break;
        case "EventName": q = q.where("e.event_name", "=", a.value); break;
        case "EventSource": q = q.where("e.event_source", "=", a.value); break;
        case "Username": q = q.where("e.username", "=", a.value); break;
        case "AccessKeyId": q = q.where("e.access_key_id", "=", a.value); break;
        case "ReadOnly":
          if (a.value !== "true" && a.value !== "false") throw invalid("LookupAttributes.AttributeValue", "ReadOnly must be true or false");
          q = q.where("e.read_only", "=", a.value === "true" ? 1 : 0);
          break;
        case "ResourceType":
        case "ResourceName": {
          const column = a.key === "ResourceType" ? "r.type" : "r.name";
          q = q.where(({ exists, selectFrom }) => exists(selectFrom("audit_event_resources as r").select("r.idx")
            .whereRef("r.node", "=", "e.node").whereRef("r.idx", "=", "e.idx").where(column, "=", a.value)));
          break;
        }
        default: throw invalid("LookupAttributes.AttributeKey", "is not a lookup attribute");
      }
    }
    if (query.start !== undefined) q = q.where("e.event_time", ">=", isoTime("StartTime", query.start));
    if (query.end !== undefined) q = q.where("e.event_time", "<=", isoTime("EndTime", query.end));
    if (query.after !== undefined) {
      const c = decodeCursor(query.after);
      q = q.where((eb) => eb.or([
        eb("e.event_time", "<", c.time),
        eb.and([eb("e.event_time", "=", c.time), eb.or([
          eb("e.node", "<", c.node),
          eb.and([eb("e.node", "=", c.node), eb("e.idx", "<", c.index)]),
        ])]),
      ]));
    }
    const rows = await guarded(() => q.orderBy("e.event_time", "desc").orderBy("e.node", "desc").orderBy("e.idx", "desc").limit(query.limit + 1).execute());
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const entries = page.map(entryOf);
    if (rows.length <= query.limit || last === undefined) return { entries };
    return { entries, next: encodeCursor({ time: last.event_time, node: last.node, index: Number(last.idx) }) };
  }
}

function checkRange(from: number, to: number): void {
  if (!Number.isSafeInteger(from) || from < 0) throw invalid("from", "must be a non-negative integer");
  if (!Number.isSafeInteger(to) || to < from) throw invalid("to", "must be an integer not less than from");
}
