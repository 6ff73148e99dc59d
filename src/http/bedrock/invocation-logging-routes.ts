import type { AccountInvocationLogging, LoggingConfig } from "../../service/invocation-logging/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeNoInput, decodePutLogging, encodeLoggingConfig } from "./invocation-logging-codec.js";

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;
const PATH = "/logging/modelinvocations";

/**
 * The account's model invocation logging configuration on the control plane (signing name
 * `bedrock`). AWS defines no resource type for these actions, so they are authorised on `*`.
 * Each is a management event in the audit trail; its parameters are the flags (no content).
 */
export function invocationLoggingOperations(logging: AccountInvocationLogging): Operation[] {
  return [
    defineOperation<void, LoggingConfig | undefined>({
      name: "GetModelInvocationLoggingConfiguration", method: "GET", path: PATH, ...bedrock,
      action: "bedrock:GetModelInvocationLoggingConfiguration",
      decode: ({ query }) => decodeNoInput(query, "GetModelInvocationLoggingConfiguration"),
      resource: () => "*",
      invoke: async (_, ctx) => logging.config(ctx.principal.accountId),
      encode: (config) => ({ kind: "json", status: 200, body: encodeLoggingConfig(config) }),
    }),
    defineOperation<LoggingConfig, void>({
      name: "PutModelInvocationLoggingConfiguration", method: "PUT", path: PATH, ...bedrock,
      action: "bedrock:PutModelInvocationLoggingConfiguration",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodePutLogging(parseJsonBody(body, {}))),
      resource: () => "*",
      invoke: async (config, ctx) => {
        ctx.notes.requestParameters = { loggingConfig: { ...config } };
        await logging.put(ctx.principal.accountId, config);
      },
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<void, void>({
      name: "DeleteModelInvocationLoggingConfiguration", method: "DELETE", path: PATH, ...bedrock,
      action: "bedrock:DeleteModelInvocationLoggingConfiguration",
      decode: ({ query }) => decodeNoInput(query, "DeleteModelInvocationLoggingConfiguration"),
      resource: () => "*",
      invoke: async (_, ctx) => logging.delete(ctx.principal.accountId),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const INVOCATION_LOGGING_OPERATION_NAMES = [
  "GetModelInvocationLoggingConfiguration", "PutModelInvocationLoggingConfiguration", "DeleteModelInvocationLoggingConfiguration",
] as const;
