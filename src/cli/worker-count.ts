/** How many workers were asked for: by `--workers N`, or by default (the cores this process may use). */
export interface WorkerRequest {
  readonly count: number;
  readonly explicit: boolean;
}

export interface WorkerPlan {
  readonly count: number;
  /** Said in the banner when local models change or weigh on the plan. */
  readonly note?: string;
}

/**
 * How many workers to run once the first has said how many local (llama.cpp) models it serves.
 * Each worker loads a local model on its first use, so N workers hold up to N copies in memory:
 * a default never multiplies that on its own (one worker then), while an operator's explicit
 * `--workers N` is honoured and told the cost.
 */
export function workerPlan(request: WorkerRequest, localModels: number): WorkerPlan {
  if (localModels === 0 || request.count === 1) return { count: request.count };
  const models = localModels === 1 ? "1 local model is" : `${localModels} local models are`;
  if (!request.explicit) {
    return { count: 1, note: `workers: 1, not ${request.count}: ${models} served, and each worker would load its own copy (memory up to ${request.count} × each model); --workers N runs N anyway` };
  }
  return { count: request.count, note: `warning: ${models} served by ${request.count} workers: each loads its own copy on first use (memory up to ${request.count} × each model's size); --workers 1 keeps one` };
}
