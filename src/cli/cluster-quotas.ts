import cluster from "node:cluster";
import { MemoryQuotaStore, answerQuotaRequest } from "../service/quotas/index.js";
import type { QuotaRequest, QuotaTake, QuotaTransport } from "../service/quotas/index.js";

/** A worker's quota request and the primary's answer, on the cluster channel beside the others. */
type QuotaEnvelope =
  | { readonly plinth: "quota"; readonly id: number; readonly request: QuotaRequest }
  | { readonly plinth: "quota-answer"; readonly id: number; readonly answer: QuotaTake | null };

function isQuotaEnvelope(value: unknown, kind: QuotaEnvelope["plinth"]): value is QuotaEnvelope {
  return typeof value === "object" && value !== null && (value as QuotaEnvelope).plinth === kind && typeof (value as QuotaEnvelope).id === "number";
}

/**
 * In the primary: the node's quota buckets, in its memory, answering every worker. The primary
 * does nothing else per request, so its answers come within a fraction of a millisecond.
 */
export function holdNodeQuotas(): void {
  const buckets = new MemoryQuotaStore();
  cluster.on("message", (worker, message: unknown) => {
    if (!isQuotaEnvelope(message, "quota") || message.plinth !== "quota") return;
    const answer = answerQuotaRequest(buckets, message.request) ?? null;
    if (worker.isConnected()) worker.send({ plinth: "quota-answer", id: message.id, answer } satisfies QuotaEnvelope);
  });
}

/** In a worker: the way to the primary's buckets (NodeQuotaStore bounds the wait and falls back). */
export function primaryQuotaTransport(): QuotaTransport {
  const waiting = new Map<number, (answer: QuotaTake | undefined) => void>();
  let next = 0;
  process.on("message", (message: unknown) => {
    if (!isQuotaEnvelope(message, "quota-answer") || message.plinth !== "quota-answer") return;
    waiting.get(message.id)?.(message.answer ?? undefined);
    waiting.delete(message.id);
  });
  return {
    call: (request) => new Promise((resolve, reject) => {
      if (!process.connected) return reject(new Error("no channel to the primary"));
      const id = next++;
      waiting.set(id, resolve);
      // An answer that never comes must not keep its entry: the store stops waiting after its timeout.
      setTimeout(() => waiting.delete(id), 10_000).unref();
      process.send!({ plinth: "quota", id, request } satisfies QuotaEnvelope);
    }),
  };
}
