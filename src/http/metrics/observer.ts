import type { Counter } from "prom-client";
import type { ExchangeObserver, ExchangeRecord } from "../observe.js";
import type { BoundedLabels } from "./labels.js";
import type { Instruments } from "./instruments.js";
import { outcomeOf } from "./outcome.js";

/** The IAM actions of a model invocation, whatever surface or operation carried it. */
const INVOCATION_ACTIONS: ReadonlySet<string> = new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);

/**
 * Counts each exchange once it is over. It reads only the record's identifiers, numbers and the
 * content-free notes, and every label value goes through BoundedLabels: no path, user agent,
 * principal ARN or other caller text can become a label.
 */
export class MetricsObserver implements ExchangeObserver {
  readonly name = "metrics";

  constructor(private readonly instruments: Instruments, private readonly labels: BoundedLabels) {}

  observe(record: ExchangeRecord): void {
    // A load balancer's probe is not an API call.
    if (record.operation === "Health") return;
    const m = this.instruments;
    const base = {
      operation: this.labels.operation(record.operation),
      model_id: this.labels.model(record.subject),
      account_id: this.labels.account(record.principal?.accountId),
    };
    const outcome = outcomeOf(record);
    m.requests.inc({ ...base, outcome });
    const invocation = record.action !== undefined && INVOCATION_ACTIONS.has(record.action);
    if (invocation && outcome === "success") {
      m.invocations.inc(base);
      m.latency.observe(base, record.latencyMs / 1000);
    }
    const { usage, firstOutputMs, guardrail } = record.notes;
    if (firstOutputMs !== undefined) m.firstToken.observe(base, firstOutputMs / 1000);
    if (usage) {
      add(m.inputTokens, base, usage.inputTokens);
      add(m.outputTokens, base, usage.outputTokens);
      add(m.cacheReadTokens, base, usage.cacheReadInputTokens);
      add(m.cacheWriteTokens, base, usage.cacheWriteInputTokens);
    }
    if (guardrail?.action === "INTERVENED") m.guardrailInterventions.inc({ ...base, origin: guardrail.origin ?? "REQUEST" });
    // Each label value is one of a closed set by type (kernel/notes.ts): no guardrail id, name or finding.
    for (const e of guardrail?.evaluations ?? []) {
      m.guardrailEvaluations.inc({ ...base, origin: e.origin, source: e.source, action: e.outcome });
      for (const policy of e.policies) m.guardrailDetections.inc({ ...base, origin: e.origin, source: e.source, policy });
    }
    if (outcome === "throttle") m.throttles.inc(base);
    if (record.notes.quotaExceeded !== undefined) m.quotaThrottles.inc({ ...base, reason: record.notes.quotaExceeded });
    if (outcome === "client_error") m.clientErrors.inc({ ...base, error: this.labels.error(record.errorKind) });
    if (outcome === "server_error") m.serverErrors.inc({ ...base, error: this.labels.error(record.errorKind) });
  }
}

/** A count a provider reported: one that is not a non-negative number is not a count, and is left out. */
function add<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>>, n: number | undefined): void {
  if (n !== undefined && Number.isFinite(n) && n > 0) counter.inc(labels, n);
}
