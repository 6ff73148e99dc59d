import type { RequestNotes } from "../kernel/index.js";
import { quotaFault, tokensToSettle } from "../service/quotas/index.js";
import type { Reservation, ServiceQuotas } from "../service/quotas/index.js";
import type { ResolvedModel } from "../service/resources/index.js";
import type { Admission, Step } from "./hooks.js";
import type { ExchangeObserver, ExchangeRecord } from "./observe.js";

/**
 * The actions quotas count, whatever the surface (Converse, the OpenAI and Anthropic routes
 * authorise as these). CountTokens is not counted: Bedrock does not charge it to the model's
 * requests or tokens per minute, and it runs no model.
 */
export const COUNTED: ReadonlySet<string> = new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);

/** Bytes of JSON per token, roughly, for English text: a cheap estimate, corrected when the call is over. */
const BYTES_PER_TOKEN = 4;
/** Output reserved for a request that names no maximum (the provider's own default is not known here). */
export const UNSTATED_OUTPUT_TOKENS = 1024;

/**
 * The names a call's quotas may be kept against, most specific first: the system-defined
 * inference profile named (directly, or through an application profile copying it), then the
 * model that serves it. ServiceQuotas keeps them against the first with limits of its own, else
 * the model. An unknown model is not counted (invoking it answers not-found), nor is a
 * provisioned model (Bedrock's on-demand quotas do not apply to provisioned throughput).
 */
export function quotaTargets(input: unknown): readonly string[] | undefined {
  if (typeof input !== "object" || input === null || !("resolution" in input)) return undefined;
  const resolution = (input as { readonly resolution?: ResolvedModel }).resolution;
  // A provisioned model's calls are bounded by the capacity its units reserve (capacity-admission.ts), not by on-demand quotas.
  if (resolution?.entry === undefined || resolution.provisioned !== undefined) return undefined;
  const model = resolution.entry.model.modelId;
  const profile = resolution.profile;
  // An application profile is one the account made (CreateInferenceProfile): never a quota of its
  // own, or each new profile would be a fresh allowance and a model's override escaped by wrapping it.
  const named = profile?.type === "APPLICATION" ? profile.copies : profile?.id;
  return named === undefined ? [model] : [named, model];
}

interface MaybeInference { readonly inference?: { readonly maxTokens?: number } }
interface MaybeShapes extends MaybeInference {
  readonly texts?: unknown;
  readonly command?: MaybeInference;
  readonly decoded?: { readonly kind?: string; readonly command?: MaybeInference };
}

/**
 * Tokens a call may use, estimated before it runs: its body's size for the input, plus the
 * output it allows (`maxTokens` on Converse, OpenAI and Anthropic alike; nothing for embeddings).
 */
export function estimatedTokens(input: unknown, bodyBytes: number): number {
  const i = (typeof input === "object" && input !== null ? input : {}) as MaybeShapes;
  const embedding = i.texts !== undefined || i.decoded?.kind === "embed";
  const stated = i.inference?.maxTokens ?? i.command?.inference?.maxTokens ?? i.decoded?.command?.inference?.maxTokens;
  return Math.ceil(bodyBytes / BYTES_PER_TOKEN) + (embedding ? 0 : stated ?? UNSTATED_OUTPUT_TOKENS);
}

/**
 * What an exchange that is over is charged for the `charged` estimate (tokensToSettle): an
 * exchange refused at some step was answered with an error; one whose answer began (a stream,
 * even cut short or left by its client) was not, and keeps its estimate without a real count.
 */
export function settledTokens(record: ExchangeRecord, charged: number): number {
  return tokensToSettle(record.notes.usage, charged, record.refusedAt !== undefined);
}

/**
 * Bedrock's service quotas in the pipeline: an admission that takes a request and the estimated
 * tokens (refusing with ThrottlingException and Bedrock's message), and an observer that settles
 * the estimate against the provider's usage once the exchange is over, whatever its outcome (a
 * stream's usage comes at its end; a call answered with an error used nothing; one without a
 * real count keeps its estimate: settledTokens). A settlement that fails is
 * reported and never touches the answer.
 */
export function quotaHooks(quotas: ServiceQuotas, onFault: (error: unknown) => void): { readonly admission: Admission; readonly observer: ExchangeObserver } {
  const pending = new WeakMap<RequestNotes, Reservation>();
  const admission: Admission = {
    name: "service-quotas",
    async admit({ op, ctx, input, bodyBytes }: Step) {
      if (!COUNTED.has(op.action)) return;
      const targets = quotaTargets(input);
      if (targets === undefined) return;
      const decision = await quotas.admit(ctx.principal.accountId, targets, estimatedTokens(input, bodyBytes ?? 0));
      if (!decision.ok) {
        ctx.notes.quotaExceeded = decision.reason;
        throw quotaFault(decision.reason, decision.retryAfterMs);
      }
      if (decision.reservation) pending.set(ctx.notes, decision.reservation);
    },
  };
  const observer: ExchangeObserver = {
    name: "service-quotas",
    observe(record: ExchangeRecord) {
      const reservation = pending.get(record.notes);
      if (reservation === undefined) return;
      pending.delete(record.notes);
      quotas.settle(reservation, settledTokens(record, reservation.charged)).catch(onFault);
    },
  };
  return { admission, observer };
}
