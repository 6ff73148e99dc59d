import { fault } from "../../kernel/index.js";

/**
 * At most `slots` extractions at once, each a process with its own memory ceiling, so the
 * ceilings add up to a known total. Those beyond wait their turn, first come first served, but
 * only so many and only so long: a crowd of PDFs is answered with throttling, which clients
 * retry, rather than by a queue that grows without end.
 */
export interface GateLimits { readonly concurrency: number; readonly maxQueued: number; readonly maxWaitMs: number }

interface Waiter { readonly admit: () => void; readonly limits: GateLimits }

let running = 0;
const waiting: Waiter[] = [];

const busy = () => fault("throttling", "Too many PDF documents are being read for text at once; retry later");

/** Resolves with a release function once a slot is free; release exactly once. */
export function acquire(limits: GateLimits, signal: AbortSignal): Promise<() => void> {
  signal.throwIfAborted();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    running--;
    admitNext();
  };
  if (running < limits.concurrency && waiting.length === 0) {
    running++;
    return Promise.resolve(release);
  }
  if (waiting.length >= limits.maxQueued) return Promise.reject(busy());
  return new Promise((resolve, reject) => {
    const leave = () => {
      const at = waiting.indexOf(waiter);
      if (at >= 0) waiting.splice(at, 1);
      clearTimeout(timer);
      signal.removeEventListener("abort", aborted);
    };
    const aborted = () => { leave(); reject(signal.reason); };
    const timer = setTimeout(() => { leave(); reject(busy()); }, limits.maxWaitMs);
    const waiter: Waiter = { limits, admit: () => { leave(); running++; resolve(release); } };
    signal.addEventListener("abort", aborted, { once: true });
    waiting.push(waiter);
  });
}

function admitNext(): void {
  const next = waiting[0];
  if (next && running < next.limits.concurrency) next.admit();
}

/** For tests and metrics: how many extractions run and wait now. */
export function gateLoad(): { readonly running: number; readonly waiting: number } {
  return { running, waiting: waiting.length };
}
