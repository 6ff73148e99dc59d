import type { DataInventory, StoredObject } from "../../service/inventory/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeListStoredData, encodeStoredData } from "./stored-data-codec.js";
import type { ListStoredDataInput } from "./stored-data-codec.js";

/**
 * The inventory as an API: what plinth stores for the caller's account, by resource, kind, size,
 * key, age and retention, read from headers (nothing is decrypted, no content is returned).
 * A plinth action (AWS has none for this), on the control plane's signing name. It names no
 * resource of its own, so it is authorised on `*`, as the account-level Bedrock settings are; a
 * caller only ever sees its own account. Audited with the page size and count, never an ARN list.
 */
export function storedDataOperations(inventory: Pick<DataInventory, "list">): Operation[] {
  return [
    defineOperation<ListStoredDataInput, { readonly objects: readonly StoredObject[]; readonly input: ListStoredDataInput }>({
      name: "ListStoredData", method: "GET", path: "/stored-data", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "plinth:ListStoredData",
      decode: ({ query }) => decodeListStoredData(query),
      resource: () => "*",
      invoke: async (input, ctx) => {
        ctx.notes.requestParameters = { maxResults: input.maxResults, ...(input.offset > 0 ? { nextToken: "(given)" } : {}) };
        const objects = await inventory.list(ctx.principal.accountId);
        ctx.notes.responseElements = { objects: Math.max(0, Math.min(input.maxResults, objects.length - input.offset)) };
        return { objects, input };
      },
      encode: ({ objects, input }) => ({ kind: "json", status: 200, body: encodeStoredData(objects, input) }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const STORED_DATA_OPERATION_NAMES = ["ListStoredData"] as const;
