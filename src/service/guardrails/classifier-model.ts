import { Fault, sensitive } from "../../kernel/index.js";
import type { AskModel } from "../../guardrails/classifier/model-verdict.js";
import type { CatalogueEntry } from "../catalogue.js";

/**
 * How an operator's detector model (a content classifier, or the denied-topic reader) is asked:
 * the text as one user turn, after the detector's instructions as the system prompt when it has
 * any, straight to the catalogue's provider (not through inference, so the classifier is not itself guarded, metered
 * or quota-limited), at temperature 0 with room for a short verdict, cut off at the configured
 * timeout. A provider error, a timeout or a refusal is thrown, and the guardrail fails closed.
 * `find` is read at call time: the catalogue is built after the guardrails that use it.
 */
export function providerAsker(find: (modelId: string) => CatalogueEntry | undefined, modelId: string, timeoutMs: number, maxTokens = 32): AskModel {
  return async (text, instructions) => {
    const entry = find(modelId);
    if (entry === undefined) throw new Fault("service-unavailable", `The guardrail's detector model ${modelId} is not served`);
    const system = instructions === undefined ? [] : [{ type: "text" as const, text: instructions }];
    const result = await entry.provider.converse({
      model: entry.model.upstreamModel,
      conversation: sensitive({ system, messages: [{ role: "user", content: [{ type: "text", text }] }] }),
      inference: { maxTokens, temperature: 0 },
    }, AbortSignal.timeout(timeoutMs));
    return result.message.reveal().content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
  };
}
