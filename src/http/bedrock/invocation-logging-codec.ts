import { invalid } from "../../kernel/index.js";
import { DELIVERY_FLAGS } from "../../service/invocation-logging/index.js";
import type { LoggingConfig } from "../../service/invocation-logging/index.js";
import { at, closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import { bool } from "../bedrock-runtime/validate-values.js";

/** Why the destinations are refused: said in the ValidationException so the caller knows where records go. */
const OWN_STORE = "plinth delivers invocation logs only to its own store, encrypted at rest; omit the destination";

/**
 * Pure codec for Bedrock's model invocation logging operations (bedrock 2023-04-20):
 * PutModelInvocationLoggingConfiguration (PUT /logging/modelinvocations, body `{loggingConfig}`,
 * answers 200 `{}`), GetModelInvocationLoggingConfiguration (GET, answers `{loggingConfig?}`:
 * `{}` while logging is off) and DeleteModelInvocationLoggingConfiguration (DELETE, answers `{}`).
 */
export function decodePutLogging(body: unknown): LoggingConfig {
  const o = obj(body, "");
  closed(o, "", ["loggingConfig"], { shape: "PutModelInvocationLoggingConfigurationRequest" });
  const config = obj(need(o, "loggingConfig", ""), "loggingConfig");
  closed(config, "loggingConfig", DELIVERY_FLAGS, {
    shape: "LoggingConfig",
    refused: { cloudWatchConfig: OWN_STORE, s3Config: OWN_STORE },
  });
  const flag = (name: (typeof DELIVERY_FLAGS)[number]): boolean => {
    const value = own(config, name);
    return value === undefined ? false : bool(value, at("loggingConfig", name));
  };
  return Object.fromEntries(DELIVERY_FLAGS.map((f) => [f, flag(f)])) as unknown as LoggingConfig;
}

/** Get and Delete take no input: a query parameter is a mistake worth saying. */
export function decodeNoInput(query: URLSearchParams, operation: string): void {
  for (const key of query.keys()) throw invalid(key, `${operation} takes no query parameters`);
}

/** AWS answers `{}` (no loggingConfig) while logging is off. */
export function encodeLoggingConfig(config: LoggingConfig | undefined): Record<string, unknown> {
  return config === undefined ? {} : { loggingConfig: { ...config } };
}
