import { Fault } from "../../kernel/index.js";
import type { ProvisionedRecord, ProvisionedStatus } from "../../store/index.js";

/** ListProvisionedModelThroughputs' filters and paging, in the domain's terms. */
export interface ProvisionedQuery {
  readonly creationTimeAfter?: Date;
  readonly creationTimeBefore?: Date;
  readonly statusEquals?: ProvisionedStatus;
  /** A foundation-model ARN: the throughputs serving that model now. */
  readonly modelArnEquals?: string;
  readonly nameContains?: string;
  readonly maxResults: number;
  readonly nextToken?: string;
  readonly sortOrder: "Ascending" | "Descending";
}

export interface ProvisionedPage {
  readonly records: readonly ProvisionedRecord[];
  readonly nextToken?: string;
}

/**
 * One page of an account's throughputs (all of them fit in memory: the per-account quota bounds
 * them), filtered, sorted by creation time (then id, so the order is total) and cut after the
 * record the token names. Bedrock's creationTimeAfter/Before are exclusive.
 */
export function listPage(all: readonly ProvisionedRecord[], q: ProvisionedQuery, modelArnOf: (modelId: string) => string): ProvisionedPage {
  const sign = q.sortOrder === "Ascending" ? 1 : -1;
  const order = (a: ProvisionedRecord, b: ProvisionedRecord) =>
    sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.provisionedId < b.provisionedId ? -1 : a.provisionedId > b.provisionedId ? 1 : 0));
  const matching = all.filter((r) =>
    (q.creationTimeAfter === undefined || r.createdAt > q.creationTimeAfter)
    && (q.creationTimeBefore === undefined || r.createdAt < q.creationTimeBefore)
    && (q.statusEquals === undefined || r.status === q.statusEquals)
    && (q.modelArnEquals === undefined || modelArnOf(r.modelId) === q.modelArnEquals)
    && (q.nameContains === undefined || r.name.includes(q.nameContains)),
  ).sort(order);
  const from = q.nextToken === undefined ? 0 : startAfter(matching, readToken(q.nextToken), order);
  const page = matching.slice(from, from + q.maxResults);
  const last = page[page.length - 1];
  return { records: page, ...(from + q.maxResults < matching.length && last ? { nextToken: token(last) } : {}) };
}

interface Cursor { readonly t: number; readonly id: string }

function startAfter(sorted: readonly ProvisionedRecord[], cursor: Cursor, order: (a: ProvisionedRecord, b: ProvisionedRecord) => number): number {
  const probe = { createdAt: new Date(cursor.t), provisionedId: cursor.id } as ProvisionedRecord;
  const index = sorted.findIndex((r) => order(r, probe) > 0);
  return index === -1 ? sorted.length : index;
}

function token(r: ProvisionedRecord): string {
  return Buffer.from(JSON.stringify({ t: r.createdAt.getTime(), id: r.provisionedId })).toString("base64url");
}

function readToken(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { t?: unknown; id?: unknown };
    if (typeof parsed.t === "number" && Number.isFinite(parsed.t) && typeof parsed.id === "string" && /^[a-z0-9]{12}$/.test(parsed.id)) return { t: parsed.t, id: parsed.id };
  } catch { /* refused below */ }
  throw new Fault("validation", "The nextToken is not one this service issued", { field: "nextToken" });
}
