import { DEFAULTS } from "./defaults.js";
import { SECRET, SECRET_FORMS } from "./schema-parts.js";

/**
 * OpenTelemetry traces: absent, none are made. Spans carry the metrics' content-free facts
 * (operation, model, account, status, error name, tokens, latencies, processing region), never
 * a prompt, a completion or a request parameter.
 */
export const tracingSchema = {
  type: "object",
  additionalProperties: false,
  required: ["otlpEndpoint"],
  description:
    "OpenTelemetry traces: one server span per API call, exported in batches over OTLP/HTTP (JSON). Absent: no traces. " +
    "A caller's W3C traceparent header, when well-formed, makes the span a child of the caller's. Spans carry identifiers, " +
    "names and numbers only (never content); when the collector is slow or down, spans are dropped, never queued without bound.",
  properties: {
    otlpEndpoint: {
      type: "string",
      format: "http-url",
      description:
        "The collector's OTLP/HTTP traces URL, such as https://collector.example:4318/v1/traces. A URL without a path gets /v1/traces appended.",
    },
    headers: {
      type: "array",
      maxItems: 32,
      default: [],
      description: "Headers sent with each export (a collector's or vendor's API key).",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "value"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$", description: "The header's name." },
          value: { type: "string", pattern: SECRET.pattern, description: `The header's value. ${SECRET_FORMS}` },
        },
      },
    },
    serviceName: {
      type: "string",
      pattern: "^[A-Za-z0-9._-]{1,64}$",
      default: DEFAULTS.tracingServiceName,
      description: "The service.name resource attribute of the spans.",
    },
    queueSize: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: DEFAULTS.tracingQueueSize,
      description: "Spans held while waiting for export; when full (the collector is slow or down), further spans are dropped.",
    },
  },
} as const;
