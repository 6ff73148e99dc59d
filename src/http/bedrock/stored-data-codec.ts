import { invalid } from "../../kernel/index.js";
import type { StoredObject } from "../../service/inventory/index.js";

/** The most objects one page holds; also the default. */
export const MAX_STORED_DATA_RESULTS = 1000;

export interface ListStoredDataInput {
  readonly maxResults: number;
  /** Where the previous page ended: the count of objects already returned. */
  readonly offset: number;
}

/**
 * Pure codec for plinth's ListStoredData (GET /stored-data, signing name `bedrock`, action
 * `plinth:ListStoredData`): the caller's account's inventory, a page at a time. AWS has no
 * operation of this shape, so the names follow Bedrock's control-plane lists: `maxResults`,
 * `nextToken`, a list member, ISO 8601 times. Out-of-range values are refused, never clamped.
 */
export function decodeListStoredData(query: URLSearchParams): ListStoredDataInput {
  for (const key of query.keys()) {
    if (key !== "maxResults" && key !== "nextToken") throw invalid(key, "ListStoredData takes maxResults and nextToken only");
  }
  const max = query.get("maxResults");
  const token = query.get("nextToken");
  let maxResults = MAX_STORED_DATA_RESULTS;
  if (max !== null) {
    if (!/^[0-9]{1,4}$/.test(max) || Number(max) < 1 || Number(max) > MAX_STORED_DATA_RESULTS) {
      throw invalid("maxResults", `must be a whole number from 1 to ${MAX_STORED_DATA_RESULTS}`);
    }
    maxResults = Number(max);
  }
  let offset = 0;
  if (token !== null) {
    const m = /^o([1-9][0-9]{0,8})$/.exec(Buffer.from(token, "base64url").toString("latin1"));
    if (!m) throw invalid("nextToken", "is not a token this operation returned");
    offset = Number(m[1]);
  }
  return { maxResults, offset };
}

export function encodeStoredData(objects: readonly StoredObject[], input: ListStoredDataInput): Record<string, unknown> {
  const page = objects.slice(input.offset, input.offset + input.maxResults);
  const end = input.offset + page.length;
  return {
    storedData: page.map((o) => ({
      accountId: o.accountId, resourceArn: o.resourceArn, objectId: o.objectId, kind: o.kind, sizeBytes: o.bytes,
      ...(o.keyArn !== undefined ? { keyArn: o.keyArn } : {}),
      ...(o.keyState !== undefined ? { keyState: o.keyState } : {}),
      createdAt: o.createdAt.toISOString(),
      retention: {
        rule: o.retention.rule, accountMode: o.retention.accountMode,
        ...(o.retention.expiresAt ? { expiresAt: o.retention.expiresAt.toISOString() } : {}),
      },
    })),
    ...(end < objects.length ? { nextToken: Buffer.from(`o${end}`, "latin1").toString("base64url") } : {}),
  };
}
