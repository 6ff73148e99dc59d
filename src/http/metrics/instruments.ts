import { Counter, Histogram, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";

/** Every series is cut by these: a declared operation, a catalogue model id, a bounded account. */
export const BASE_LABELS = ["operation", "model_id", "account_id"] as const;
type Base = (typeof BASE_LABELS)[number];

/** Seconds. Inference spans tens of milliseconds (an embedding) to minutes (a long generation). */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const FIRST_TOKEN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const PREFIX = "plinth_";
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export interface Instruments {
  readonly requests: Counter<Base | "outcome">;
  readonly invocations: Counter<Base>;
  readonly latency: Histogram<Base>;
  readonly firstToken: Histogram<Base>;
  readonly inputTokens: Counter<Base>;
  readonly outputTokens: Counter<Base>;
  readonly cacheReadTokens: Counter<Base>;
  readonly cacheWriteTokens: Counter<Base>;
  readonly throttles: Counter<Base>;
  readonly quotaThrottles: Counter<Base | "reason">;
  readonly clientErrors: Counter<Base | "error">;
  readonly serverErrors: Counter<Base | "error">;
  readonly guardrailInterventions: Counter<Base | "origin">;
  readonly guardrailEvaluations: Counter<Base | "origin" | "source" | "action">;
  readonly guardrailDetections: Counter<Base | "origin" | "source" | "policy">;
}

/**
 * The metrics, registered on the registry given (never prom-client's global one, so two servers
 * in one process, as in the tests, keep their counts apart), with the process and Node.js
 * defaults (`plinth_process_*`, `plinth_nodejs_*`) beside them.
 */
export function createInstruments(registry: Registry): Instruments {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = (name: string, help: string, buckets: number[]) =>
    new Histogram<Base>({ name, help, labelNames: BASE_LABELS, buckets, registers });
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  // Gauges named like counters fail `promtool check metrics` ("non-counter metrics should not
  // have _total suffix"); their labelled siblings (plinth_nodejs_active_handles{type}, ...) stay.
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(PREFIX + name);
  return {
    requests: counter("plinth_requests_total", "API requests answered, by operation, model, account and outcome (success, client_error, server_error, throttle).", [...BASE_LABELS, "outcome"]),
    invocations: counter("plinth_invocations_total", "Successful model invocations (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream).", BASE_LABELS),
    latency: histogram("plinth_invocation_latency_seconds", "Time from a successful invocation's arrival to its answer's last byte.", LATENCY_BUCKETS),
    firstToken: histogram("plinth_time_to_first_token_seconds", "Time from a streamed invocation's arrival to its first output (text or tool use).", FIRST_TOKEN_BUCKETS),
    inputTokens: counter("plinth_input_tokens_total", "Input tokens the providers reported (not counting prompt-cache reads and writes).", BASE_LABELS),
    outputTokens: counter("plinth_output_tokens_total", "Output tokens the providers reported.", BASE_LABELS),
    cacheReadTokens: counter("plinth_cache_read_input_tokens_total", "Input tokens read from a provider's prompt cache.", BASE_LABELS),
    cacheWriteTokens: counter("plinth_cache_write_input_tokens_total", "Input tokens written to a provider's prompt cache.", BASE_LABELS),
    throttles: counter("plinth_throttles_total", "Requests refused with ThrottlingException.", BASE_LABELS),
    quotaThrottles: counter("plinth_quota_throttles_total", "Requests refused by a service quota, by which one: rpm (requests per minute) or tpm (tokens per minute).", [...BASE_LABELS, "reason"]),
    clientErrors: counter("plinth_client_errors_total", "Requests that failed because of the request (throttles excluded), by fault kind.", [...BASE_LABELS, "error"]),
    serverErrors: counter("plinth_server_errors_total", "Requests that failed on plinth's or a provider's side, by fault kind.", [...BASE_LABELS, "error"]),
    guardrailInterventions: counter("plinth_guardrail_interventions_total", "Invocations in which a guardrail intervened, by where the guardrail came from (REQUEST or ACCOUNT_ENFORCED).", [...BASE_LABELS, "origin"]),
    // Guardrail ids are not labels: guardrails are created at will, and labels come from sets fixed at start.
    guardrailEvaluations: counter("plinth_guardrail_evaluations_total",
      "Guardrail evaluations: one per guardrail and direction of a request (a streamed answer's blocks together), by origin (REQUEST, ACCOUNT_ENFORCED), source (INPUT, OUTPUT) and action (NONE, ANONYMIZED, BLOCKED).",
      [...BASE_LABELS, "origin", "source", "action"]),
    guardrailDetections: counter("plinth_guardrail_detections_total",
      "Guardrail evaluations in which a policy found something (whether or not it acted), by origin, source and policy (topic, content, word, sensitiveInformation, contextualGrounding).",
      [...BASE_LABELS, "origin", "source", "policy"]),
  };
}
