import type { AccountRetention, DataRetentionMode, StatedRetention } from "../../service/data-retention/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeGetRetention, decodePutRetention, encodeRetention } from "./data-retention-codec.js";

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

/**
 * The account's data-retention mode on the control plane (signing name `bedrock`). AWS defines
 * no resource type for these actions, so they are authorised on `*`; PutAccountDataRetention
 * supplies the requested mode as `bedrock:DataRetentionMode`, so an SCP can forbid any mode but
 * `none`. Both are recorded with the mode as their CloudTrail parameters (a setting, no content).
 */
export function dataRetentionOperations(retention: AccountRetention): Operation[] {
  return [
    defineOperation<void, StatedRetention>({
      name: "GetAccountDataRetention", method: "GET", path: "/data-retention", ...bedrock,
      action: "bedrock:GetAccountDataRetention",
      decode: ({ query }) => decodeGetRetention(query),
      resource: () => "*",
      invoke: async (_, ctx) => {
        const stated = await retention.stated(ctx.principal.accountId);
        ctx.notes.responseElements = { mode: stated.mode };
        return stated;
      },
      encode: (stated) => ({ kind: "json", status: 200, body: encodeRetention(stated) }),
    }),
    defineOperation<DataRetentionMode, StatedRetention>({
      name: "PutAccountDataRetention", method: "PUT", path: "/data-retention", ...bedrock,
      action: "bedrock:PutAccountDataRetention",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodePutRetention(parseJsonBody(body, {}))),
      resource: () => "*",
      conditions: (mode) => new Map([["bedrock:DataRetentionMode", mode]]),
      invoke: async (mode, ctx) => {
        ctx.notes.requestParameters = { mode };
        const stated = await retention.put(ctx.principal.accountId, mode);
        ctx.notes.responseElements = { mode: stated.mode, updatedAt: stated.updatedAt?.toISOString() ?? null };
        return stated;
      },
      encode: (stated) => ({ kind: "json", status: 200, body: encodeRetention(stated) }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const DATA_RETENTION_OPERATION_NAMES = ["GetAccountDataRetention", "PutAccountDataRetention"] as const;
