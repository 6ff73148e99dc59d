import type { EnforcedGuardrailInput, EnforcedGuardrails } from "../../service/guardrails/enforced.js";
import type { EnforcedGuardrailRecord } from "../../store/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import {
  decodeConfigIdLabel, decodeListEnforcedGuardrails, decodePutEnforcedGuardrail, encodeListEnforcedGuardrails, encodePutEnforcedGuardrailOutput,
} from "./enforced-guardrail-codec.js";

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

/**
 * Account-level enforced guardrails on the control plane (signing name `bedrock`). They are
 * account settings, like model invocation logging and data retention: the Service Authorization
 * Reference lists the three actions with no resource type and no condition key, so they are
 * authorised on `*`. Authorising a put on the guardrail's ARN
 * instead would let anyone allowed to use a guardrail impose it on the whole account; only who
 * may change account settings should. The audit record holds the configuration's id and the
 * guardrail named (identifiers, no content).
 */
export function enforcedGuardrailOperations(service: EnforcedGuardrails): Operation[] {
  return [
    defineOperation<EnforcedGuardrailInput, EnforcedGuardrailRecord>({
      name: "PutEnforcedGuardrailConfiguration", method: "PUT", path: "/enforcedGuardrailsConfiguration", ...bedrock,
      action: "bedrock:PutEnforcedGuardrailConfiguration",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodePutEnforcedGuardrail(parseJsonBody(body, {}))),
      resource: () => "*",
      auditParameters: (input) => ({
        ...(input.configId !== undefined ? { configId: input.configId } : {}),
        guardrailIdentifier: input.guardrailIdentifier, guardrailVersion: input.guardrailVersion,
      }),
      invoke: async (input, ctx) => {
        const record = await service.put(ctx.principal.accountId, ctx.principal.arn, input);
        ctx.notes.responseElements = { configId: record.configId, guardrailArn: record.guardrailArn, guardrailVersion: record.guardrailVersion };
        return record;
      },
      encode: (record) => ({ kind: "json", status: 200, body: encodePutEnforcedGuardrailOutput(record) }),
    }),
    defineOperation<void, readonly EnforcedGuardrailRecord[]>({
      name: "ListEnforcedGuardrailsConfiguration", method: "GET", path: "/enforcedGuardrailsConfiguration", ...bedrock,
      action: "bedrock:ListEnforcedGuardrailsConfiguration",
      decode: ({ query }) => decodeListEnforcedGuardrails(query),
      resource: () => "*",
      invoke: (_, ctx) => service.list(ctx.principal.accountId),
      encode: (records) => ({ kind: "json", status: 200, body: encodeListEnforcedGuardrails(records) }),
    }),
    defineOperation<string, void>({
      name: "DeleteEnforcedGuardrailConfiguration", method: "DELETE", path: "/enforcedGuardrailsConfiguration/{configId}", ...bedrock,
      action: "bedrock:DeleteEnforcedGuardrailConfiguration",
      decode: ({ params }) => decodeConfigIdLabel(params["configId"]!),
      resource: () => "*",
      auditParameters: (configId) => ({ configId }),
      invoke: (configId, ctx) => service.delete(ctx.principal.accountId, configId),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const ENFORCED_GUARDRAIL_OPERATION_NAMES = [
  "PutEnforcedGuardrailConfiguration", "ListEnforcedGuardrailsConfiguration", "DeleteEnforcedGuardrailConfiguration",
] as const;
