import { invalid } from "../../kernel/index.js";
import { DATA_RETENTION_MODES } from "../../service/data-retention/index.js";
import type { DataRetentionMode, StatedRetention } from "../../service/data-retention/index.js";
import { closed, need, obj } from "../bedrock-runtime/validate-members.js";
import { oneOf } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for Bedrock's account data-retention operations (bedrock 2023-04-20):
 * PutAccountDataRetention (PUT /data-retention, body `{mode}`) and GetAccountDataRetention
 * (GET /data-retention, no input); both answer 200 `{mode, updatedAt?}`.
 */
export function decodePutRetention(body: unknown): DataRetentionMode {
  const o = obj(body, "");
  closed(o, "", ["mode"], { shape: "PutAccountDataRetentionRequest" });
  return oneOf(need(o, "mode", ""), "mode", DATA_RETENTION_MODES);
}

/** GetAccountDataRetention takes no input: a query parameter is a mistake worth saying. */
export function decodeGetRetention(query: URLSearchParams): void {
  for (const key of query.keys()) throw invalid(key, "GetAccountDataRetention takes no query parameters");
}

export function encodeRetention(stated: StatedRetention): Record<string, unknown> {
  return { mode: stated.mode, ...(stated.updatedAt ? { updatedAt: stated.updatedAt.toISOString() } : {}) };
}
