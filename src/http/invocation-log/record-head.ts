import type { RequestContext, Usage } from "../../kernel/index.js";
import type { ModelInvocationLog } from "../../service/invocation-logging/index.js";

/** The members every record carries, none of them content: who called what, where, when. */
export type RecordHead = Pick<ModelInvocationLog, "schemaType" | "schemaVersion" | "timestamp" | "accountId" | "identity" | "region" | "requestId" | "operation" | "modelId">;

export function recordHead(ctx: RequestContext, operation: string, modelId: string): RecordHead {
  return {
    schemaType: "ModelInvocationLog",
    schemaVersion: "1.0",
    timestamp: ctx.receivedAt.toISOString(),
    accountId: ctx.principal.accountId,
    identity: { arn: ctx.principal.arn },
    region: ctx.region,
    requestId: ctx.requestId,
    operation,
    modelId,
  };
}

/** The input side's token counts, as Bedrock names them; cache counts only when the provider reported them. */
export function inputTokenCounts(usage: Usage | undefined): Pick<ModelInvocationLog["input"], "inputTokenCount" | "cacheReadInputTokenCount" | "cacheWriteInputTokenCount"> {
  if (usage === undefined) return {};
  return {
    inputTokenCount: usage.inputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokenCount: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokenCount: usage.cacheWriteInputTokens }),
  };
}
