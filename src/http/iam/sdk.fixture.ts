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
import { requestedArn } from "../../service/iam/index.js";
import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperations } from "./index.js";

export const ACCOUNT = "123456789012";
export const principal: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/administrator`, userId: "AIDAAAAAAAAAAAAAAAAA", userName: "administrator", accessKeyId: "AKIDEXAMPLE" };
export const ctx = { requestId: "req-1", principal, region: "eu-west-2" } as RequestContext;
/**
 * The resolve step's lookups, answering as for names that find nothing (so the request is
 * authorised on the ARN its name gives); the use cases are never called.
 */
const absent = (type: string, arn: string) => Promise.resolve({ type, arn, missing: "", tags: [] });
const targets = {
  user: (c: RequestContext, name?: string) => absent("user", name === undefined ? c.principal.arn : requestedArn(c.principal, "user", name)),
  group: (c: RequestContext, name: string) => absent("group", requestedArn(c.principal, "group", name)),
  role: (c: RequestContext, name: string) => absent("role", requestedArn(c.principal, "role", name)),
  holder: (c: RequestContext, kind: "user" | "group" | "role", name: string) => absent(kind, requestedArn(c.principal, kind, name)),
  policySource: (_c: RequestContext, arn: string) => absent("user", arn),
  policy: (_c: RequestContext, arn: string) => absent("policy", arn),
  mfaDevice: (_c: RequestContext, serial: string) => absent("mfa", serial),
  accessKey: (c: RequestContext) => absent("user", c.principal.arn),
};
export const ops = new Map(iamOperations({ targets } as unknown as IamService).map((op) => [op.name, op]));

export interface SdkExchange { op: Operation; input: unknown; resolved: unknown; resource: string }

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
        const resolved = op.resolve ? await op.resolve(input, ctx) : input;
        seen.push({ op, input, resolved, resource: op.resource(resolved, ctx) });
        const reply = op.encode(output, ctx);
        assert.equal(reply.kind, "bytes");
        return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(reply.kind === "bytes" ? reply.body : "")]) }) };
      },
    },
  });
  return { sdk, seen };
}
