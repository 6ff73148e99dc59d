import { invalid } from "../../../kernel/index.js";
import type { LatencyMode, OutputFormat, ReasoningEffort, ServiceTier } from "../../../kernel/index.js";
import type { GuardrailSelection } from "../../../service/commands.js";
import { decodeOutputConfig } from "./output-config-decode.js";
import { at, closed, need, obj, oneOf, own, present, str, strings } from "../validate.js";

/**
 * The request members around the conversation: guardrail selection, request metadata and the
 * service options.
 */
export const GUARDRAIL_ID = {
  min: 1, max: 2048,
  pattern: /^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/,
  patternText: "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
} as const;
export const GUARDRAIL_VERSION = { min: 1, pattern: /^(?:[1-9][0-9]{0,7}|DRAFT)$/, patternText: "(|([1-9][0-9]{0,7})|(DRAFT))" } as const;
const METADATA_KEY = /^[a-zA-Z0-9\s:_@$#=/+,\-.]{1,256}$/;
const METADATA_VALUE = /^[a-zA-Z0-9\s:_@$#=/+,\-.]{0,256}$/;

/**
 * The model leaves identifier and version optional: a guardrailConfig naming neither asks only
 * for the trace of the account's enforced guardrails (an empty identifier means no request
 * guardrail downstream); naming one without the other is refused. ConverseStream's
 * streamProcessingMode is passed on: `async` releases the answer as it arrives and cuts it when
 * the guardrail intervenes (see service/guardrails/stream-guard.ts).
 */
export function decodeGuardrailConfig(value: unknown, field: string, stream: boolean): GuardrailSelection {
  const o = obj(value, field);
  const shape = stream ? "GuardrailStreamConfiguration" : "GuardrailConfiguration";
  const known = ["guardrailIdentifier", "guardrailVersion", "trace"];
  closed(o, field, stream ? [...known, "streamProcessingMode"] : known, { shape });
  const mode = own(o, "streamProcessingMode");
  const streamProcessingMode = mode === undefined ? undefined : oneOf(mode, at(field, "streamProcessingMode"), ["sync", "async"] as const);
  const trace = own(o, "trace");
  const named = own(o, "guardrailIdentifier") !== undefined || own(o, "guardrailVersion") !== undefined;
  return {
    identifier: named ? str(need(o, "guardrailIdentifier", field), at(field, "guardrailIdentifier"), GUARDRAIL_ID) : "",
    version: named ? str(need(o, "guardrailVersion", field), at(field, "guardrailVersion"), GUARDRAIL_VERSION) : "",
    ...(trace === undefined ? {} : { trace: oneOf(trace, at(field, "trace"), ["enabled", "disabled", "enabled_full"] as const) }),
    ...(streamProcessingMode === undefined ? {} : { streamProcessingMode }),
  };
}

/** requestMetadata is `sensitive` in the model: problems name the map, never a key or value. */
export function decodeRequestMetadata(value: unknown, field: string): Record<string, string> {
  const o = obj(value, field);
  const keys = present(o);
  if (keys.length < 1 || keys.length > 16) throw invalid(field, "Member must have between 1 and 16 entries");
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (!METADATA_KEY.test(key)) throw invalid(field, "Member keys must satisfy regular expression pattern: [a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}");
    const v = own(o, key);
    if (typeof v !== "string" || !METADATA_VALUE.test(v)) throw invalid(field, "Member values must be strings satisfying regular expression pattern: [a-zA-Z0-9\\s:_@$#=/+,-.]{0,256}");
    out[key] = v;
  }
  return out;
}

const refuse = (field: string, what: string): never => { throw invalid(field, `Member is not supported: ${what}`); };

export interface ServiceOptions {
  readonly serviceTier?: ServiceTier;
  readonly latency?: LatencyMode;
  readonly outputFormat?: OutputFormat;
  readonly effort?: ReasoningEffort;
  readonly responseFieldPaths?: readonly string[];
}

/**
 * performanceConfig, serviceTier, outputConfig, promptVariables, additionalModelResponseFieldPaths.
 * Tiers and latency modes are all accepted here: whether a provider has them is the adapter's
 * question, and it refuses by name what it cannot honour.
 */
export function decodeServiceOptions(body: Readonly<Record<string, unknown>>): ServiceOptions {
  const perf = own(body, "performanceConfig");
  let latency: LatencyMode | undefined;
  if (perf !== undefined) {
    const o = obj(perf, "performanceConfig");
    closed(o, "performanceConfig", ["latency"], { shape: "PerformanceConfiguration" });
    const l = own(o, "latency");
    if (l !== undefined) latency = oneOf(l, "performanceConfig.latency", ["standard", "optimized"] as const);
  }
  const tier = own(body, "serviceTier");
  let serviceTier: ServiceTier | undefined;
  if (tier !== undefined) {
    const o = obj(tier, "serviceTier");
    closed(o, "serviceTier", ["type"], { shape: "ServiceTier" });
    serviceTier = oneOf(need(o, "type", "serviceTier"), "serviceTier.type", ["priority", "default", "flex", "reserved"] as const);
  }
  const output = own(body, "outputConfig");
  const variables = own(body, "promptVariables");
  if (variables !== undefined && present(obj(variables, "promptVariables")).length > 0) {
    refuse("promptVariables", "prompt management resources are not supported by this service");
  }
  const paths = own(body, "additionalModelResponseFieldPaths");
  const pointers = paths === undefined ? [] : decodeResponseFieldPaths(paths, "additionalModelResponseFieldPaths");
  return {
    ...(serviceTier === undefined ? {} : { serviceTier }),
    ...(latency === undefined ? {} : { latency }),
    ...(output === undefined ? {} : decodeOutputConfig(output, "outputConfig")),
    ...(pointers.length === 0 ? {} : { responseFieldPaths: pointers }),
  };
}

/** RFC 6901: "" or a sequence of "/"-prefixed tokens in which "~" appears only as "~0" or "~1". */
export function isJsonPointer(pointer: string): boolean {
  if (!pointer.startsWith("/")) return false;
  for (let i = 0; i < pointer.length; i++) {
    if (pointer[i] === "~" && pointer[i + 1] !== "0" && pointer[i + 1] !== "1") return false;
  }
  return true;
}

/** Bedrock refuses an empty or malformed pointer with a 400; a well-formed one that matches nothing is ignored. */
function decodeResponseFieldPaths(value: unknown, field: string): string[] {
  const items = strings(value, field, { max: 10 }, { min: 1, max: 256 });
  items.forEach((p, i) => { if (!isJsonPointer(p)) throw invalid(at(field, i), "Member must be a JSON Pointer (RFC 6901)"); });
  return items;
}
