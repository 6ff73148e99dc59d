import type { RequestNotes } from "../kernel/index.js";
import type { CapacityGate, CapacityLease } from "../service/provisioned/index.js";
import { quotaFault } from "../service/quotas/index.js";
import type { ResolvedModel } from "../service/resources/index.js";
import type { Admission, Step } from "./hooks.js";
import type { ExchangeObserver, ExchangeRecord } from "./observe.js";
import { COUNTED, estimatedTokens, settledTokens } from "./quota-admission.js";

/** The capacity a call draws on: its provisioned model's, else its provider's on-demand remainder; none for an unknown model. */
function capacityTarget(input: unknown): { providerId: string; provisioned?: { id: string; modelUnits: number } } | undefined {
  if (typeof input !== "object" || input === null || !("resolution" in input)) return undefined;
  const resolution = (input as { readonly resolution?: ResolvedModel }).resolution;
  if (resolution?.entry === undefined) return undefined;
  const p = resolution.provisioned;
  if (p) return { providerId: p.providerId, provisioned: { id: p.id, modelUnits: p.modelUnits } };
  return { providerId: resolution.entry.model.providerId };
}

/**
 * Provisioned capacity in the pipeline, after service quotas: an admission that takes a place and
 * the estimated tokens from the call's pool (refusing with ThrottlingException and Bedrock's
 * message), and an observer that gives the place back and settles the tokens against the
 * provider's usage when the exchange is over, whatever its outcome (a stream's at its end).
 */
export function capacityHooks(gate: CapacityGate, onFault: (error: unknown) => void): { readonly admission: Admission; readonly observer: ExchangeObserver } {
  const pending = new WeakMap<RequestNotes, CapacityLease>();
  const admission: Admission = {
    name: "provisioned-capacity",
    async admit({ op, ctx, input, bodyBytes }: Step) {
      if (!COUNTED.has(op.action)) return;
      const target = capacityTarget(input);
      if (target === undefined) return;
      const decision = await gate.admit(target, estimatedTokens(input, bodyBytes ?? 0));
      if (!decision.ok) {
        ctx.notes.quotaExceeded = decision.reason;
        throw quotaFault(decision.reason);
      }
      if (decision.lease) pending.set(ctx.notes, decision.lease);
    },
  };
  const observer: ExchangeObserver = {
    name: "provisioned-capacity",
    observe(record: ExchangeRecord) {
      const lease = pending.get(record.notes);
      if (lease === undefined) return;
      pending.delete(record.notes);
      // Without tokens reserved there is nothing to settle: the place is given back all the same.
      gate.release(lease, lease.tokens ? settledTokens(record, lease.tokens.charged) : 0).catch(onFault);
    },
  };
  return { admission, observer };
}
