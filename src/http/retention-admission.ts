import { requireProviderAllowed, requireServiceRetentionAllowed, retentionRequestOf } from "../service/data-retention/index.js";
import type { AccountRetention } from "../service/data-retention/index.js";
import type { ResolvedModel } from "../service/resources/index.js";
import type { Admission } from "./hooks.js";

/**
 * The actions that send content to a model's provider, whatever the surface (Converse and the
 * OpenAI-compatible routes authorise as InvokeModel*). CountTokens counts: some providers count
 * upstream (a vLLM server's /tokenize), so it sends content too.
 */
const CONTENT_TO_PROVIDER = new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens"]);

/** The model a resolved inference input is served by: its catalogue entry, once resolved. */
function servedModel(input: unknown): { readonly modelId: string; readonly providerId: string } | undefined {
  if (typeof input !== "object" || input === null || !("resolution" in input)) return undefined;
  const entry = (input as { readonly resolution?: ResolvedModel }).resolution?.entry;
  return entry && { modelId: entry.model.modelId, providerId: entry.model.providerId };
}

/**
 * Admits a request under the account's data-retention mode (service/data-retention/modes.ts):
 * notes the mode in force for the records, refuses a request that asks the service to keep
 * content unless the mode allows it, and refuses a model whose provider retains data unless the
 * account shares with providers. Runs after authorisation, so a caller without permission learns
 * nothing of the account's mode. An unknown model passes: invoking it answers not-found.
 */
export function retentionAdmission(retention: AccountRetention, retainingProviders: ReadonlySet<string>): Admission {
  return {
    name: "data-retention",
    async admit({ op, ctx, input }) {
      const asks = retentionRequestOf(input);
      if (asks === undefined && !CONTENT_TO_PROVIDER.has(op.action)) return;
      const posture = await retention.posture(ctx.principal.accountId);
      ctx.notes.retentionMode = posture.effective;
      if (asks !== undefined) requireServiceRetentionAllowed(posture, asks);
      const model = CONTENT_TO_PROVIDER.has(op.action) ? servedModel(input) : undefined;
      if (model) requireProviderAllowed(posture, model.modelId, retainingProviders.has(model.providerId));
    },
  };
}
