import { Fault } from "../../kernel/index.js";
import type { CatalogueModel } from "../../service/catalogue.js";
import { nativeFamilyFor } from "../bedrock-runtime/native/index.js";

/**
 * Anthropic's Models API (`GET /v1/models`, `/v1/models/{model_id}`) over plinth's catalogue:
 * `{type: "model", id, display_name, created_at}` items in pages of `{data, has_more, first_id,
 * last_id}`, paged by `limit` (1 to 1000, 20 by default) and one cursor, `after_id` or
 * `before_id`, as Anthropic's SDK auto-pages them. Only Anthropic-family models are listed: the
 * Messages API serves no others. Ids are the Bedrock ids the catalogue serves (what
 * /anthropic/v1/messages takes); the release date is not known, so created_at is the epoch.
 */
export interface ModelsPage {
  readonly limit: number;
  readonly afterId?: string;
  readonly beforeId?: string;
}

const EPOCH = "1970-01-01T00:00:00Z";

export const isAnthropicModel = (model: CatalogueModel): boolean => nativeFamilyFor(model.modelId)?.name === "anthropic";

export function decodeModelsQuery(query: URLSearchParams): ModelsPage {
  const raw = query.get("limit");
  let limit = 20;
  if (raw !== null) {
    limit = /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
    if (limit < 1 || limit > 1000) throw new Fault("validation", "limit must be an integer from 1 to 1000", { field: "limit" });
  }
  const afterId = query.get("after_id") ?? undefined;
  const beforeId = query.get("before_id") ?? undefined;
  if (afterId !== undefined && beforeId !== undefined) throw new Fault("validation", "Give after_id or before_id, not both", { field: "before_id" });
  return { limit, ...(afterId === undefined ? {} : { afterId }), ...(beforeId === undefined ? {} : { beforeId }) };
}

export function encodeModelInfo(model: CatalogueModel): Record<string, unknown> {
  return { type: "model", id: model.modelId, display_name: model.name, created_at: EPOCH };
}

/**
 * One page of models, in the catalogue's order (by id). A cursor is compared as an id, so a
 * cursor naming a model since removed still pages on from where it stood.
 */
export function encodeModelPage(models: readonly CatalogueModel[], page: ModelsPage): Record<string, unknown> {
  let chosen: readonly CatalogueModel[];
  let hasMore: boolean;
  if (page.beforeId !== undefined) {
    const before = models.filter((m) => m.modelId < page.beforeId!);
    chosen = before.slice(Math.max(0, before.length - page.limit));
    hasMore = before.length > page.limit;
  } else {
    const after = page.afterId === undefined ? models : models.filter((m) => m.modelId > page.afterId!);
    chosen = after.slice(0, page.limit);
    hasMore = after.length > page.limit;
  }
  return {
    data: chosen.map(encodeModelInfo), has_more: hasMore,
    first_id: chosen[0]?.modelId ?? null, last_id: chosen.at(-1)?.modelId ?? null,
  };
}
