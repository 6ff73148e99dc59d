import { Readable } from "node:stream";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/protocol-http";
import { Fault, isFault } from "../../kernel/index.js";
import type { Principal, RequestContext } from "../../kernel/index.js";
import type { Exchange } from "../exchange.js";
import type { Operation } from "../operation.js";
import { restJson } from "../protocols/rest-json.js";
import { Router } from "../router.js";

/**
 * For codec tests: an SDK request handler that serves the SDK's HttpRequest with the given
 * operations in-process, no network and no signature check: route (the real Router), pick the
 * RPC operation by target, decode, resolve, invoke as `principal`, encode, and write errors with the
 * operation's protocol. What the SDK then parses is exactly what the server would have sent.
 */
export function inProcess(operations: readonly Operation[], principal: () => Principal, region = "eu-west-2") {
  const router = new Router(operations);
  return {
    handle: async (request: HttpRequest): Promise<{ response: HttpResponse }> => {
      const headers = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const body = toBuffer(request.body);
      let protocol = restJson;
      try {
        const match = router.match(request.method, request.path);
        if (!match || "allowed" in match) throw new Fault("unknown-operation", "no route");
        protocol = match.ops[0]!.protocol ?? restJson;
        const target = protocol.target?.({ header: (n: string) => headers.get(n), signedHeader: (n: string) => headers.get(n), rawQuery: "", body });
        const op = match.ops.length === 1 && match.ops[0]!.target === undefined ? match.ops[0]! : match.ops.find((o) => o.target === target);
        if (!op) throw new Fault("unknown-operation", "no operation");
        const ctx = {
          requestId: "req-1", receivedAt: new Date(), sourceIp: "127.0.0.1", listener: "default", secureTransport: true,
          region, principal: principal(), signal: new AbortController().signal,
        } as RequestContext;
        const decoded = op.decode({ params: match.params, query: new URLSearchParams(), header: (n) => headers.get(n), body });
        const input = op.resolve ? await op.resolve(decoded, ctx) : decoded;
        op.resource(input, ctx);
        op.conditions?.(input, ctx);
        const reply = op.encode(await op.invoke(input, ctx), ctx);
        if (reply.kind !== "json") throw new Error("only JSON replies are expected here");
        return respond(reply.status, { "content-type": "application/json" }, JSON.stringify(reply.body));
      } catch (error) {
        const f = isFault(error) ? error : new Fault("internal", "internal", {}, error);
        if (f.kind === "internal") throw error;
        const reply = protocol.error(f, "req-1");
        return respond(reply.status, reply.headers, reply.body);
      }
    },
  };
}

function respond(statusCode: number, headers: Record<string, string>, body: string): { response: HttpResponse } {
  return { response: new HttpResponse({ statusCode, headers, body: Readable.from([Buffer.from(body)]) }) };
}

function toBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  const bytes = body as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const CLIENT = {
  region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
} as const;

export function principalOf(accountId: string): Principal {
  return { type: "IAMUser", accountId, arn: `arn:aws:iam::${accountId}:user/administrator`, userId: "AIDAEXAMPLEEXAMPLE01", userName: "administrator", accessKeyId: "AKIDEXAMPLE" };
}
