import { DEFAULTS } from "./defaults.js";

/**
 * The Prometheus exposition's own listener. Absent: no metrics listener at all. A second open
 * port is the operator's decision, as every other listener is; and when asked for, it listens on
 * loopback unless told otherwise, since its counts name accounts and models.
 */
export const metricsSchema = {
  type: "object",
  additionalProperties: false,
  description:
    "Prometheus metrics (invocations, latency, time to first token, tokens, throttles, errors, guardrail interventions, per " +
    "operation, model and account; never content), served as GET /metrics over plain HTTP on a listener of their own. " +
    "Absent: not served. Scrapers need no AWS credentials, so keep the address on loopback or a monitoring network.",
  properties: {
    host: {
      type: "string",
      format: "host",
      default: DEFAULTS.metricsHost,
      description: "Address to listen on (loopback by default; 0.0.0.0 or :: for every interface).",
    },
    port: {
      type: "integer",
      minimum: 0,
      maximum: 65535,
      default: DEFAULTS.metricsPort,
      description: "TCP port (0 picks a free port). 9464 is the port the OpenTelemetry Prometheus exporter uses.",
    },
    maxAccountLabels: {
      type: "integer",
      minimum: 1,
      maximum: 10000,
      default: DEFAULTS.metricsMaxAccountLabels,
      description: "How many accounts get series of their own; requests of further accounts are counted under account_id=\"other\".",
    },
  },
} as const;
