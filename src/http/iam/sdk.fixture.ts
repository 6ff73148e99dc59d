/**
 * Test support only: the real @aws-sdk/client-iam on both sides of the codecs, with no network.
 * A request handler decodes what the SDK serialized exactly as the server does, and answers
 * with what our encoders write, which the SDK's own deserializer must accept.
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { IAMClient } from "@aws-sdk/client-iam";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/protocol-http";
import type { Principal, RequestContext } from "../../kernel/index.js";
import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperations } from "./index.js";

export const ACCOUNT = "123456789012";
export const principal: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/administrator`, userId: "AIDAAAAAAAAAAAAAAAAA", userName: "administrator", accessKeyId: "AKIDEXAMPLE" };
export const ctx = { requestId: "req-1", principal, region: "eu-west-2" } as RequestContext;
export const ops = new Map(iamOperations({} as IamService).map((op) => [op.name, op]));

export interface SdkExchange { op: Operation; input: unknown; resource: string }

/** An SDK client whose every request is decoded by our operation and answered with `output`. */
export function client(output: unknown): { sdk: IAMClient; seen: SdkExchange[] } {
  const seen: SdkExchange[] = [];
  const sdk = new IAMClient({
    region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        const body = Buffer.from(String(request.body ?? ""));
        const action = new URLSearchParams(body.toString()).get("Action")!;
        const op = ops.get(action);
        assert.ok(op, `no operation for ${action}`);
        const input = op.decode({ params: {}, query: new URLSearchParams(), header: () => undefined, body });
        seen.push({ op, input, resource: op.resource(input, ctx) });
        const reply = op.encode(output, ctx);
        assert.equal(reply.kind, "bytes");
        return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(reply.kind === "bytes" ? reply.body : "")]) }) };
      },
    },
  });
  return { sdk, seen };
}
