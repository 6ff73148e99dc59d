import type { Attributes } from "@opentelemetry/api";
import type { ExchangeRecord } from "../observe.js";
import { outcomeOf } from "../metrics/index.js";

/** The IAM actions of a model invocation, whatever surface or operation carried it. */
const INVOCATION_ACTIONS: ReadonlySet<string> = new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
/** Names the server chose (operations, services, error codes, fault kinds): anything else is dropped, not quoted. */
const NAME = /^[A-Za-z][A-Za-z0-9._:#-]{0,127}$/;
const ACCOUNT_ID = /^[0-9]{12}$/;

export interface SpanShape {
  readonly name: string;
  readonly attributes: Attributes;
  /** Per the HTTP server conventions: only a server-side failure marks the span as an error. */
  readonly error: boolean;
}

/**
 * A span's name and attributes from an exchange record: the same content-free facts the metrics
 * count (operation, model, account, status, error name, tokens, time to first token, processing
 * region), under OpenTelemetry's semantic conventions where one fits (rpc.*, http.*, gen_ai.*,
 * aws.request_id, error.type) and `plinth.*` where none does. It is an allow-list: no path (the
 * operation names the route), user agent, principal ARN, source address or request parameter,
 * and every name is checked for the shape of a name before it is used.
 */
export function spanShape(record: ExchangeRecord): SpanShape {
  const operation = named(record.operation);
  const service = named(record.service);
  const a: Attributes = {
    "rpc.system": "aws-api",
    "http.request.method": named(record.method) ?? "_OTHER",
    "http.response.status_code": record.status,
    "aws.request_id": record.requestId,
    "cloud.region": record.region,
  };
  if (service !== undefined) a["rpc.service"] = service;
  if (operation !== undefined) a["rpc.method"] = operation;
  const errorName = named(record.errorName);
  if (errorName !== undefined) a["error.type"] = errorName;
  const errorKind = named(record.errorKind);
  if (errorKind !== undefined) a["plinth.error.kind"] = errorKind;
  const account = record.principal?.accountId;
  if (account !== undefined && ACCOUNT_ID.test(account)) a["plinth.account.id"] = account;
  if (record.action !== undefined && INVOCATION_ACTIONS.has(record.action) && record.subject !== undefined) {
    a["gen_ai.request.model"] = record.subject;
  }
  if (record.processingRegion !== undefined) a["plinth.processing_region"] = record.processingRegion;
  const { usage, firstOutputMs, guardrail } = record.notes;
  count(a, "gen_ai.usage.input_tokens", usage?.inputTokens);
  count(a, "gen_ai.usage.output_tokens", usage?.outputTokens);
  count(a, "gen_ai.usage.cache_read.input_tokens", usage?.cacheReadInputTokens);
  count(a, "gen_ai.usage.cache_creation.input_tokens", usage?.cacheWriteInputTokens);
  count(a, "plinth.time_to_first_token_ms", firstOutputMs);
  if (guardrail?.action === "INTERVENED" || guardrail?.action === "NONE") a["plinth.guardrail.action"] = guardrail.action;
  const name = operation === undefined ? a["http.request.method"] as string : service === undefined ? operation : `${service}/${operation}`;
  return { name, attributes: a, error: outcomeOf(record) === "server_error" };
}

function named(value: string | undefined): string | undefined {
  return value !== undefined && NAME.test(value) ? value : undefined;
}

/** A count a provider reported: one that is not a non-negative finite number is left out. */
function count(a: Attributes, key: string, n: number | undefined): void {
  if (n !== undefined && Number.isFinite(n) && n >= 0) a[key] = n;
}
