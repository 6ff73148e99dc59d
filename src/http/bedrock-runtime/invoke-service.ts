import { invalid, sensitive } from "../../kernel/index.js";
import type { LatencyMode, Sensitive, ServiceTier } from "../../kernel/index.js";
import { decodeRequestMetadata } from "./codec/index.js";
import type { DecodeInput } from "../operation.js";
import type { NativeDecoded } from "./native/index.js";
import { oneOf } from "./validate.js";

/**
 * InvokeModel's service options, which travel as headers beside the native body:
 * X-Amzn-Bedrock-Service-Tier (member `serviceTier`) and X-Amzn-Bedrock-PerformanceConfig-Latency
 * (member `performanceConfigLatency`). Refusals name the members, as the SDKs call them.
 */
export interface ServiceOptions { readonly serviceTier?: ServiceTier; readonly latency?: LatencyMode }

const TIERS: readonly ServiceTier[] = ["priority", "default", "flex", "reserved"];
const LATENCIES: readonly LatencyMode[] = ["standard", "optimized"];

export function serviceHeaders(header: DecodeInput["header"]): ServiceOptions {
  const tier = header("x-amzn-bedrock-service-tier");
  const latency = header("x-amzn-bedrock-performanceconfig-latency");
  return {
    ...(tier === undefined ? {} : { serviceTier: oneOf(tier, "serviceTier", TIERS) }),
    ...(latency === undefined ? {} : { latency: oneOf(latency, "performanceConfigLatency", LATENCIES) }),
  };
}

/**
 * The headers' tier and latency join the body's inference settings. A body may name a tier of
 * its own (Anthropic's `service_tier: "standard_only"` is the default tier); when both name one
 * they must agree, or the caller would not know which applied.
 */
export function withService(decoded: NativeDecoded, service: ServiceOptions): NativeDecoded {
  if (decoded.kind !== "converse" || (service.serviceTier === undefined && service.latency === undefined)) return decoded;
  const inference = decoded.command.inference;
  if (service.serviceTier !== undefined && inference.serviceTier !== undefined && inference.serviceTier !== service.serviceTier) {
    throw invalid("serviceTier", "Member must agree with the service tier the body names");
  }
  return { ...decoded, command: { ...decoded.command, inference: { ...inference, ...service } } };
}

/** The tier the call is made on, for `bedrock:ServiceTier`: the one asked for (header or body), else the default. */
export function tierOf(service: ServiceOptions, decoded: NativeDecoded | undefined): ServiceTier {
  const body = decoded?.kind === "converse" ? decoded.command.inference.serviceTier : undefined;
  return service.serviceTier ?? body ?? "default";
}

/** Bedrock echoes the tier (the one served, when the provider said) and the latency mode. */
export function serviceResponseHeaders(service: ServiceOptions, served?: ServiceTier): Record<string, string> {
  const tier = served ?? service.serviceTier;
  return {
    ...(tier === undefined ? {} : { "x-amzn-bedrock-service-tier": tier }),
    ...(service.latency === undefined ? {} : { "x-amzn-bedrock-performanceconfig-latency": service.latency }),
  };
}

/**
 * X-Amzn-Bedrock-Request-Metadata: InvokeModel's `requestMetadata`, a JSON object of string
 * values under Converse's rules, kept (Sensitive) for the invocation log's filtering only.
 * Problems name the member, never what it holds.
 */
export function requestMetadataHeader(header: DecodeInput["header"]): Sensitive<Readonly<Record<string, string>>> | undefined {
  const value = header("x-amzn-bedrock-request-metadata");
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid("requestMetadata", "Member must be a JSON object whose values are strings");
  }
  return sensitive(decodeRequestMetadata(parsed, "requestMetadata"));
}
